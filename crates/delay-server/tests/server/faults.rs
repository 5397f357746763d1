//! Injected faults: exact shares, broken connections, stalls.

use std::time::{Duration, Instant};

use delay_server::{Config, Faults, Share};
use futures::StreamExt;

use super::{client, get, start, wait_until, within};

#[tokio::test]
async fn a_quarter_of_the_requests_fail_exactly_every_fourth() {
    let server = start(Config::default()).await;
    let mut failed = Vec::new();
    for k in 1..=100 {
        let (status, body) = get(&server, "/delay/0?fail=0.25").await;
        if status == 500 {
            assert_eq!(body, format!("injected failure: request {k} of /delay\n"));
            failed.push(k);
        } else {
            assert_eq!(status, 200);
        }
    }
    assert_eq!(failed, (1..=25).map(|i| i * 4).collect::<Vec<_>>());
    assert_eq!(server.stats().failed, 25);
}

#[tokio::test]
async fn the_share_is_exact_under_concurrency_too() {
    let server = start(Config::default()).await;
    let client = client();
    let statuses: Vec<u16> = within(
        "40 concurrent requests",
        futures::stream::iter(0..40)
            .map(|_| {
                let request = client.get(server.url("/bytes/10?fail=0.3")).send();
                async move { request.await.unwrap().status().as_u16() }
            })
            .buffer_unordered(40)
            .collect(),
    )
    .await;
    // Which request fails depends on arrival order; how many does not: floor(40 × 0.3).
    assert_eq!(statuses.iter().filter(|&&s| s == 500).count(), 12);
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 28);
    assert_eq!(server.stats().failed, 12);
}

#[tokio::test]
async fn config_faults_apply_to_every_request_unless_the_query_overrides_them() {
    let faults = Faults {
        fail: Share::new(0.5).unwrap(),
        ..Faults::NONE
    };
    let server = start(Config {
        faults,
        ..Config::default()
    })
    .await;
    let mut statuses = Vec::new();
    for path in [
        "/image/1.png?w=4&h=4",
        "/image/1.png?w=4&h=4",
        "/bytes/1",
        "/bytes/1",
    ] {
        statuses.push(get(&server, path).await.0);
    }
    // Each route numbers its own requests: the second of each fails.
    assert_eq!(statuses, [200, 500, 200, 500]);
    for _ in 0..4 {
        assert_eq!(
            get(&server, "/bytes/1?fail=0").await.0,
            200,
            "fail=0 turns faults off"
        );
    }
    // A reset restarts the numbering: the second request fails again.
    server.reset_stats();
    assert_eq!(get(&server, "/delay/0").await.0, 200);
    assert_eq!(get(&server, "/delay/0").await.0, 500);
}

#[tokio::test]
async fn a_dropped_connection_gives_the_client_an_error_and_the_server_carries_on() {
    let server = start(Config::default()).await;
    for path in [
        "/delay/1?drop=1",
        "/bytes/100?drop=1",
        "/image/2.png?drop=1",
    ] {
        let outcome = within(path, async {
            let response = client().get(server.url(path)).send().await?;
            response.bytes().await
        })
        .await;
        let err = outcome.expect_err("no complete response arrives");
        assert!(
            !err.is_timeout(),
            "{path}: the connection closes at once, it does not hang"
        );
    }
    let stats = server.stats();
    assert_eq!((stats.dropped, stats.failed), (3, 0));
    assert_eq!(get(&server, "/delay/0").await.0, 200);
}

#[tokio::test]
async fn a_stall_answers_nothing_until_its_limit() {
    let server = start(Config {
        max_stall: Duration::from_millis(50),
        ..Config::default()
    })
    .await;
    let started = Instant::now();
    let outcome = within("a 50 ms stall", async {
        let response = client().get(server.url("/delay/0?stall=1")).send().await?;
        response.bytes().await
    })
    .await;
    assert!(
        outcome.is_err(),
        "a stall ends with a closed connection, not an answer"
    );
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(server.stats().stalled, 1);
}

#[tokio::test]
async fn a_client_that_gives_up_on_a_stall_is_counted_out() {
    // The stall would last 30 s; the client gives up once it has begun, and the server
    // notices the closed connection. Each step waits for what it needs, however slow the
    // machine: no client timeout races the request to the server.
    let server = start(Config::default()).await;
    let request = tokio::spawn(
        client()
            .post(server.url("/upload?stall=1"))
            .body("x")
            .send(),
    );
    wait_until(&server, "the request to stall", |s| s.stalled == 1).await;
    assert_eq!(server.stats().in_flight, 1);
    request.abort();
    wait_until(
        &server,
        "the stalled request to leave the in-flight count",
        |s| s.in_flight == 0,
    )
    .await;
    assert_eq!(server.stats().stalled, 1);
}

#[tokio::test]
async fn shutdown_ends_a_stall() {
    let server = start(Config::default()).await;
    let stalled = tokio::spawn(client().get(server.url("/bytes/1?stall=1")).send());
    wait_until(&server, "the request to stall", |s| s.stalled == 1).await;
    within("shutdown during a 30 s stall", server.shutdown())
        .await
        .unwrap();
    let outcome = within("the stalled request", stalled).await.unwrap();
    assert!(outcome.is_err(), "the stalled request never gets an answer");
}
