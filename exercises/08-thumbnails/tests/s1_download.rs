//! Step 1: `download_all` fetches a batch, at most `limit` downloads at once.
//!
//! The proof is the server's own counter: the local delay server records the most
//! requests it was handling at the same time. Each URL here waits 200 ms or more on
//! the server, so downloads that are started together are certainly in flight together,
//! and downloads done one at a time are certainly not.

mod support;

use std::time::Duration;

use delay_server::{Config, DelayServer};
use thumbnails::s1_download::download_all;

const OUTER_LIMIT: Duration = Duration::from_secs(20);

/// Each delay is also the answer's body ("waited 600 ms"), so the order can be checked.
const DELAYS: [u64; 6] = [600, 200, 400, 300, 500, 250];

async fn fetch(limit: usize) -> (Vec<Result<Vec<u8>, String>>, u64, Vec<String>) {
    let server = DelayServer::start(Config::default())
        .await
        .expect("the test server starts");
    let urls: Vec<String> = DELAYS
        .iter()
        .map(|ms| server.url(&format!("/delay/{ms}")))
        .collect();
    let client = reqwest::Client::new();
    let results = support::bounded(
        "download_all",
        OUTER_LIMIT,
        download_all(&client, &urls, limit),
    )
    .await;
    let max = server.stats().max_in_flight;
    (results, max, urls)
}

#[tokio::test]
async fn downloads_run_side_by_side_up_to_the_limit() {
    let limit = 3;
    let (results, max, _) = fetch(limit).await;
    assert!(
        max <= limit as u64,
        "{max} downloads were in flight at once, over the limit of {limit}: start a \
         download only when one of the {limit} running has finished"
    );
    assert!(
        max == limit as u64,
        "at most {max} download(s) were in flight at once where {limit} were allowed: \
         the downloads ran one at a time; start several before awaiting any"
    );
    assert_eq!(results.len(), DELAYS.len(), "one result per url");
}

#[tokio::test]
async fn results_come_back_in_the_order_of_the_urls() {
    let (results, _, _) = fetch(2).await;
    let bodies: Vec<String> = results
        .into_iter()
        .map(|result| String::from_utf8_lossy(&result.expect("every url answers")).into_owned())
        .collect();
    let expected: Vec<String> = DELAYS
        .iter()
        .map(|ms| format!("waited {ms} ms\n"))
        .collect();
    assert_eq!(
        bodies, expected,
        "the results are not in the order of the urls: the caller matches result i with \
         url i (a stream that yields results as they finish reorders them)"
    );
}

#[tokio::test]
async fn a_failed_download_takes_its_place_and_the_rest_go_on() {
    let server = DelayServer::start(Config::default())
        .await
        .expect("the test server starts");
    let urls = vec![
        server.url("/delay/10"),
        server.url("/no/such/image.png"),
        server.url("/delay/20"),
    ];
    let client = reqwest::Client::new();
    let results =
        support::bounded("download_all", OUTER_LIMIT, download_all(&client, &urls, 2)).await;
    assert_eq!(results.len(), 3, "one result per url, failed ones included");
    assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
    let err = results[1].as_ref().expect_err("a 404 is an error");
    assert!(
        err.contains("404"),
        "the error should name the status: {err}"
    );
}
