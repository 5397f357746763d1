//! Each endpoint answers what it promises, and every bad value is a clear 400.

use std::time::{Duration, Instant};

use delay_server::images::{self, Format};
use delay_server::{Config, Receipt, Stats, fnv1a};
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{client, get, start, within};

#[tokio::test]
async fn delay_answers_after_the_delay() {
    let server = start(Config::default()).await;
    let started = Instant::now();
    let (status, body) = get(&server, "/delay/30").await;
    assert_eq!((status, body.as_str()), (200, "waited 30 ms\n"));
    // A lower bound only: the server must not answer early. (Speed is for the benchmark.)
    assert!(started.elapsed() >= Duration::from_millis(30));
    assert_eq!(server.stats().routes.delay, 1);
}

#[tokio::test]
async fn jitter_adds_at_most_its_bound() {
    let server = start(Config::default()).await;
    for _ in 0..10 {
        let response = within(
            "delay with jitter",
            client().get(server.url("/delay/1?jitter=9")).send(),
        )
        .await
        .unwrap();
        let waited: u64 = response.headers()["x-waited-ms"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=10).contains(&waited), "waited {waited} ms");
    }
}

#[tokio::test]
async fn bytes_answers_exactly_n_bytes() {
    let server = start(Config::default()).await;
    // 0, 1, and a size that spans several 64 KiB chunks with a partial last one.
    for n in [0usize, 1, 200_000] {
        let body = within("bytes", async {
            client()
                .get(server.url(&format!("/bytes/{n}")))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
        .await;
        assert_eq!(body.len(), n);
        assert!(body.iter().all(u8::is_ascii_lowercase));
    }
}

#[tokio::test]
async fn images_are_the_same_for_the_same_id() {
    let server = start(Config::default()).await;
    let fetch = |path: &'static str| {
        let url = server.url(path);
        async move {
            let response = within(path, client().get(url).send()).await.unwrap();
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_string();
            (kind, response.bytes().await.unwrap())
        }
    };
    let (kind, png) = fetch("/image/7.png?w=64&h=48").await;
    assert_eq!(kind, "image/png");
    assert_eq!(
        fetch("/image/7.png?w=64&h=48").await.1,
        png,
        "same id, same bytes"
    );
    assert_ne!(
        fetch("/image/8.png?w=64&h=48").await.1,
        png,
        "another id, another picture"
    );
    let decoded = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_eq!(decoded, images::test_image(7, 64, 48));

    let (kind, jpeg) = fetch("/image/7.jpg").await;
    assert_eq!(kind, Format::Jpeg.content_type());
    let decoded = image::load_from_memory(&jpeg).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (images::DEFAULT_WIDTH, images::DEFAULT_HEIGHT)
    );
}

#[tokio::test]
async fn image_requests_queue_for_a_turn() {
    // One image at a time: the others wait their turn, and every one is made.
    let server = start(Config {
        max_encodes: 1,
        ..Config::default()
    })
    .await;
    let client = client();
    let statuses: Vec<u16> = within(
        "8 images, one made at a time",
        futures::stream::iter(0..8)
            .map(|id| {
                let request = client.get(server.url(&format!("/image/{id}.png?w=32&h=32")));
                async move { request.send().await.unwrap().status().as_u16() }
            })
            .buffer_unordered(8)
            .collect(),
    )
    .await;
    assert_eq!(statuses, [200; 8]);
    assert_eq!(server.stats().busy, 0);
}

#[tokio::test]
async fn an_image_request_with_no_turn_in_time_is_busy() {
    // No turn at all (0 images at once): the request waits its 20 ms, then gets 503.
    let server = start(Config {
        max_encodes: 0,
        max_encode_wait: Duration::from_millis(20),
        ..Config::default()
    })
    .await;
    let (status, body) = get(&server, "/image/1.png").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        "busy: no turn to make an image came within 20 ms (at most 0 are made at once), \
         try again later\n"
    );
    let stats = server.stats();
    assert_eq!((stats.busy, stats.rejected, stats.in_flight), (1, 0, 0));
}

#[tokio::test]
async fn uploads_are_counted_with_their_bytes() {
    let server = start(Config::default()).await;
    let bodies = [Vec::new(), b"hello".to_vec(), vec![7u8; 100_000]];
    for (i, body) in bodies.iter().enumerate() {
        let receipt: Receipt = within("upload", async {
            let response = client()
                .put(server.url("/upload/thumb.png"))
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
        })
        .await;
        assert_eq!(receipt.number, i as u64 + 1);
        assert_eq!(receipt.name.as_deref(), Some("thumb.png"));
        assert_eq!(receipt.bytes, body.len() as u64);
        assert_eq!(receipt.fnv1a, format!("{:016x}", fnv1a(body)));
    }
    let stats = server.stats();
    assert_eq!((stats.uploads, stats.upload_bytes), (3, 100_005));
    assert_eq!(stats.routes.upload, 3);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_413_and_not_counted() {
    let server = start(Config {
        max_upload: 1000,
        ..Config::default()
    })
    .await;
    let response = within(
        "announced upload",
        client()
            .post(server.url("/upload"))
            .body(vec![0u8; 1001])
            .send(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.text().await.unwrap(),
        "upload too large: the limit is 1000 bytes\n"
    );

    // Without a length announced (chunked), the server counts as it reads and stops at the limit.
    let chunk = "x".repeat(600);
    let request = format!(
        "POST /upload HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n\
         258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n"
    );
    let answer = within(
        "chunked upload",
        raw_http(&server.addr().to_string(), &request),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    let stats = server.stats();
    assert_eq!(
        (stats.uploads, stats.upload_bytes, stats.rejected),
        (0, 0, 2)
    );
}

#[tokio::test]
async fn the_stats_endpoint_serves_the_counters_without_counting_itself() {
    let server = start(Config::default()).await;
    get(&server, "/delay/0").await;
    get(&server, "/nowhere").await;
    let (status, body) = get(&server, "/stats").await;
    assert_eq!(status, 200);
    let over_http: Stats = serde_json::from_str(&body).unwrap();
    assert_eq!(over_http, server.stats());
    assert_eq!(
        (
            over_http.requests,
            over_http.routes.delay,
            over_http.routes.other
        ),
        (2, 1, 1)
    );

    let reset = within("reset", client().post(server.url("/stats/reset")).send())
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert_eq!(server.stats(), Stats::default());
}

#[tokio::test]
async fn bad_values_are_400_with_a_clear_lower_case_body() {
    let server = start(Config {
        max_delay: Duration::from_millis(100),
        ..Config::default()
    })
    .await;
    let cases = [
        (
            "/delay/abc",
            "the delay must be a whole number of milliseconds, got 'abc'",
        ),
        (
            "/delay/-5",
            "the delay must be a whole number of milliseconds, got '-5'",
        ),
        (
            "/delay/101",
            "a delay of 101 ms is over the limit of 100 ms",
        ),
        (
            "/delay/60?jitter=50",
            "a delay of 110 ms is over the limit of 100 ms",
        ),
        (
            "/delay/99999999999999999999999",
            "a delay of 99999999999999999999999 ms is over the limit of 100 ms",
        ),
        (
            "/delay/1?jitter=99999999999999999999999",
            "'jitter' is 99999999999999999999999, over the limit of 100",
        ),
        (
            "/delay/1?jitter=x",
            "'jitter' must be a whole number from 0 to 100, got 'x'",
        ),
        (
            "/delay/1?fial=0.5",
            "unknown query parameter 'fial' (this endpoint takes: jitter, fail, drop, stall)",
        ),
        (
            "/delay/1?fail=1.5",
            "'fail' must be a share from 0 to 1 (like 0.25), got '1.5'",
        ),
        ("/delay/1?drop=lots", "'drop' must be a share from 0 to 1"),
        (
            "/delay/1?fail=0&fail=1",
            "query parameter 'fail' is given more than once",
        ),
        (
            "/bytes/lots",
            "'n' must be a whole number from 0 to 67108864, got 'lots'",
        ),
        (
            "/bytes/67108865",
            "'n' is 67108865, over the limit of 67108864",
        ),
        (
            "/bytes/99999999999999999999999",
            "'n' is 99999999999999999999999, over the limit of 67108864",
        ),
        ("/bytes/1?w=1", "unknown query parameter 'w'"),
        (
            "/image/cat.png",
            "an image name looks like '7.png' or '7.jpg'",
        ),
        (
            "/image/7.gif",
            "an image name looks like '7.png' or '7.jpg'",
        ),
        (
            "/image/99999999999999999999.png",
            "the image id 99999999999999999999 is too large: the limit is 18446744073709551615",
        ),
        ("/image/7.png?w=0", "'w' must be at least 1"),
        (
            "/image/7.png?w=99999999999",
            "'w' is 99999999999, over the limit of 4096",
        ),
        ("/image/7.png?h=4097", "'h' is 4097, over the limit of 4096"),
        (
            "/image/7.png?w=%31%30%30%30%30",
            "'w' is 10000, over the limit of 4096",
        ),
    ];
    for (path, expected) in cases {
        let (status, body) = get(&server, path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(
            body.starts_with(expected),
            "{path}: {body:?} should start with {expected:?}"
        );
        assert!(
            !body.starts_with(|c: char| c.is_uppercase()),
            "{path}: {body}"
        );
    }
    let stats = server.stats();
    assert_eq!(stats.rejected, cases.len() as u64);
    assert_eq!(stats.faults(), 0);
}

#[tokio::test]
async fn unknown_paths_and_methods_say_so() {
    let server = start(Config::default()).await;
    let (status, body) = get(&server, "/delays/5").await;
    assert_eq!(
        (status, body.as_str()),
        (
            404,
            "no such endpoint: GET /delays/5 (GET / lists the endpoints)\n"
        )
    );
    let response = within(
        "post to delay",
        client().post(server.url("/delay/5")).send(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 405);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .starts_with("method POST is not allowed on /delay/5")
    );
    let (status, body) = get(&server, "/").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("/delay/{ms}") && body.contains("/upload"),
        "{body}"
    );
}

/// Sends a hand-written request and reads the whole answer (the request says `connection: close`).
async fn raw_http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    // The server may close while we still write or read; what arrived is what counts.
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}
