//! Step 2: the delay server fails on request (`?fail=1`: every request answers 500;
//! `?fail=0.5`: every second one) or cuts the connection (`?drop=…`), and counts what it
//! got. The counts say how many attempts were really sent.

mod support;

use std::time::{Duration, Instant};

use http_calls::s2_retry::{Attempted, Retry, get_with_retry};
use support::{bounded, client, server};

const RETRY: Retry = Retry {
    max_attempts: 3,
    first_backoff: Duration::from_millis(50),
};

const WHY: &str = "retries without a bound never end against a server that always fails";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_always_fails_gets_exactly_max_attempts() {
    let server = server().await;
    let started = Instant::now();
    let got = bounded(
        "get_with_retry",
        WHY,
        get_with_retry(&client(), &server.url("/delay/1?fail=1"), &RETRY),
    )
    .await;
    let took = started.elapsed();
    let sent = server.stats().routes.delay;
    assert_eq!(
        sent, 3,
        "the server got {sent} requests with max_attempts = 3: the first try counts as \
         an attempt, so 3 means one try and two retries, then give up"
    );
    assert_eq!(
        got,
        Attempted {
            attempts: 3,
            outcome: Ok(500)
        },
        "after the last attempt, report how many were sent and the last status"
    );
    let pauses = RETRY.backoff(1) + RETRY.backoff(2);
    assert!(
        took >= pauses,
        "three attempts took {took:?}, less than the {pauses:?} of back-off between them: \
         sleep `retry.backoff(n)` after failed attempt n, or a struggling server gets \
         hammered by retries"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_error_is_never_retried() {
    let server = server().await;
    // Not a number of milliseconds: the server answers 400 Bad Request.
    let got = bounded(
        "get_with_retry",
        WHY,
        get_with_retry(&client(), &server.url("/delay/soon"), &RETRY),
    )
    .await;
    let sent = server.stats().routes.delay;
    assert_eq!(
        sent, 1,
        "a 400 was asked for {sent} times: a 4xx says the request is wrong, and it will \
         be just as wrong next time; retry only 5xx answers and failed requests"
    );
    assert_eq!(
        got,
        Attempted {
            attempts: 1,
            outcome: Ok(400)
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_then_success_takes_two_attempts() {
    let server = server().await;
    let url = server.url("/delay/1?fail=0.5");
    // With fail=0.5 every second request fails: this one (the 1st) passes, so the 2nd,
    // your first attempt, fails and the 3rd succeeds.
    let first = client().get(&url).send().await.unwrap().status();
    assert_eq!(first, 200, "the test's own first request should pass");
    let got = bounded(
        "get_with_retry",
        WHY,
        get_with_retry(&client(), &url, &RETRY),
    )
    .await;
    assert_eq!(
        got,
        Attempted {
            attempts: 2,
            outcome: Ok(200)
        },
        "the first attempt got a 500 and the second a 200: retry a 5xx, and stop at the \
         first success"
    );
    assert_eq!(
        server.stats().routes.delay,
        3,
        "1 request of the test's, 2 of yours"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_connection_is_retried() {
    let server = server().await;
    let url = server.url("/delay/1?drop=0.5");
    let first = client().get(&url).send().await.unwrap().status();
    assert_eq!(first, 200, "the test's own first request should pass");
    let got = bounded(
        "get_with_retry",
        WHY,
        get_with_retry(&client(), &url, &RETRY),
    )
    .await;
    assert_eq!(
        got,
        Attempted {
            attempts: 2,
            outcome: Ok(200)
        },
        "the server closed the connection on the first attempt, with no answer: a \
         request that fails on the way (reset, refused, cut short) is worth a retry too; \
         `send()` returns it as an `Err`"
    );
    assert_eq!(
        server.stats().dropped,
        1,
        "the server dropped one connection"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_success_is_not_repeated() {
    let server = server().await;
    let got = bounded(
        "get_with_retry",
        WHY,
        get_with_retry(&client(), &server.url("/delay/1"), &RETRY),
    )
    .await;
    assert_eq!(
        got,
        Attempted {
            attempts: 1,
            outcome: Ok(200)
        },
        "a 200 on the first attempt is the answer: return it"
    );
    assert_eq!(server.stats().routes.delay, 1, "one request was enough");
}
