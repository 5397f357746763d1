//! The in-flight counter and its high-water mark: the proofs the lessons rely on.

use delay_server::Config;
use futures::StreamExt;

use super::{Download, client, start, wait_until, within};

/// 64 MiB: far more than the sockets' buffers hold, so the server is still sending while
/// the test reads.
const BIG: u64 = 64 << 20;

#[tokio::test]
async fn a_hundred_concurrent_requests_are_all_in_flight_at_once() {
    let server = start(Config::default()).await;
    let client = client();
    // Long delays, so all hundred overlap however slowly they arrive; nobody waits them out.
    let requests: Vec<_> = (0..100)
        .map(|_| tokio::spawn(client.get(server.url("/delay/60000")).send()))
        .collect();
    wait_until(&server, "100 requests in flight", |s| s.in_flight == 100).await;
    assert_eq!(server.stats().max_in_flight, 100);

    // Hanging up drops each handler, and its guard counts it out.
    for request in &requests {
        request.abort();
    }
    wait_until(&server, "the hung-up requests to be counted out", |s| {
        s.in_flight == 0
    })
    .await;
    let stats = server.stats();
    assert_eq!((stats.max_in_flight, stats.routes.delay), (100, 100));
}

#[tokio::test]
async fn a_client_limited_to_ten_never_has_more_than_ten_in_flight() {
    let server = start(Config::default()).await;
    let client = client();
    let statuses: Vec<u16> = within(
        "50 requests, 10 at a time",
        futures::stream::iter(0..50)
            .map(|_| {
                let request = client.get(server.url("/delay/5")).send();
                async move { request.await.unwrap().status().as_u16() }
            })
            .buffer_unordered(10)
            .collect(),
    )
    .await;
    assert!(statuses.iter().all(|&s| s == 200));
    let stats = server.stats();
    assert_eq!(stats.routes.delay, 50);
    assert!(
        (1..=10).contains(&stats.max_in_flight),
        "high-water mark {}",
        stats.max_in_flight
    );
    assert_eq!(stats.in_flight, 0);
}

#[tokio::test]
async fn one_request_at_a_time_has_a_high_water_mark_of_one() {
    let server = start(Config::default()).await;
    let client = client();
    for _ in 0..5 {
        within("one request", client.get(server.url("/delay/1")).send())
            .await
            .unwrap();
    }
    assert_eq!(server.stats().max_in_flight, 1);
}

#[tokio::test]
async fn a_download_is_in_flight_until_its_body_is_sent() {
    let server = start(Config::default()).await;
    let mut download = within("the download's head", Download::start(&server, BIG)).await;
    // The handler returned before the head was sent; the body keeps the request counted.
    assert_eq!(server.stats().in_flight, 1, "after the head");
    within("half the body", download.read_until(BIG / 2)).await;
    assert_eq!(server.stats().in_flight, 1, "half-way through the body");
    within("the rest of the body", download.read_until(BIG)).await;
    wait_until(&server, "the finished download to be counted out", |s| {
        s.in_flight == 0
    })
    .await;
    assert_eq!(server.stats().max_in_flight, 1);
}

#[tokio::test]
async fn a_client_that_hangs_up_during_a_download_is_counted_out() {
    let server = start(Config::default()).await;
    let mut download = within("the download's head", Download::start(&server, BIG)).await;
    within("the first MiB", download.read_until(1 << 20)).await;
    assert_eq!(server.stats().in_flight, 1);
    drop(download);
    wait_until(&server, "the abandoned download to be counted out", |s| {
        s.in_flight == 0
    })
    .await;
}
