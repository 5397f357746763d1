//! Step 1: twelve slow requests with a limit of four. The server's high-water mark of
//! requests in flight says what really overlapped: 1 means one at a time, 12 means the
//! limit was ignored, and 4 is the answer.

mod support;

use http_calls::s1_limit::fetch_all;
use support::{bounded, client, server};

/// Long enough that the first `LIMIT` requests are all inside the server together even
/// on a busy machine (they only need to connect within this time of each other).
const DELAY_MS: u64 = 300;
const COUNT: usize = 12;
const LIMIT: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_the_limit_and_as_many_as_the_limit() {
    let server = server().await;
    let urls: Vec<String> = (0..COUNT)
        .map(|_| server.url(&format!("/delay/{DELAY_MS}")))
        .collect();
    let bodies = bounded(
        "fetch_all",
        "is it waiting on something that never comes?",
        fetch_all(&client(), &urls, LIMIT),
    )
    .await;
    let stats = server.stats();
    assert_eq!(
        stats.requests, COUNT as u64,
        "the server got {} requests for {COUNT} urls: fetch each url once",
        stats.requests
    );
    assert!(
        stats.max_in_flight != 1,
        "the server never had more than 1 request at once: the requests ran one at a time. \
         Awaiting each `send()` in a loop is sequential; let up to {LIMIT} run together \
         (`buffered(limit)` on a stream of futures, or a `Semaphore` with {LIMIT} permits)"
    );
    assert!(
        stats.max_in_flight <= LIMIT as u64,
        "the server had {} requests in flight at once, over the limit of {LIMIT}: \
         `join_all` (or a spawn per url) starts them all; bound them with \
         `buffered(limit)` or a `Semaphore`",
        stats.max_in_flight
    );
    assert_eq!(
        stats.max_in_flight, LIMIT as u64,
        "the server never had more than {} requests at once, below the limit of {LIMIT}: \
         a limit of N should keep N in flight while work is left",
        stats.max_in_flight
    );
    assert_eq!(bodies.len(), COUNT, "one result per url");
    for (i, body) in bodies.iter().enumerate() {
        assert_eq!(
            body.as_deref(),
            Ok(format!("waited {DELAY_MS} ms\n").as_str()),
            "result {i} is not the body of url {i}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bodies_come_back_in_url_order() {
    let server = server().await;
    // The first answers slowest: finishing order is the reverse of url order.
    let delays = [400, 300, 200, 100, 20];
    let urls: Vec<String> = delays
        .iter()
        .map(|ms| server.url(&format!("/delay/{ms}")))
        .collect();
    let bodies = bounded(
        "fetch_all",
        "is it waiting on something that never comes?",
        fetch_all(&client(), &urls, delays.len()),
    )
    .await;
    let want: Vec<Result<String, String>> = delays
        .iter()
        .map(|ms| Ok(format!("waited {ms} ms\n")))
        .collect();
    assert_eq!(
        bodies, want,
        "the bodies are not in url order: `buffer_unordered` hands them back as they \
         finish; `buffered` keeps the order of the input"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_is_a_result_not_a_panic() {
    let server = server().await;
    // A port that was free a moment ago: nothing listens there, so connecting fails.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let urls = vec![server.url("/delay/10"), format!("http://{closed}/delay/10")];
    let bodies = bounded(
        "fetch_all",
        "is it waiting on something that never comes?",
        fetch_all(&client(), &urls, 2),
    )
    .await;
    assert_eq!(bodies.len(), 2, "one result per url, the failed one too");
    assert_eq!(bodies[0].as_deref(), Ok("waited 10 ms\n"));
    assert!(
        bodies[1].is_err(),
        "a url where nothing listens gave {:?}: turn the request's error into `Err(text)`",
        bodies[1]
    );
}
