//! Wrong: bounds the downloads with buffer_unordered, which hands results back as they finish
//! Expect: not in the order of the urls

use futures::stream::{self, StreamExt};
use reqwest::Client;

/// Downloads one URL: the body of a successful answer, or the reason it failed.
pub async fn download(client: &Client, url: &str) -> Result<Vec<u8>, String> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|err| format!("cannot download {url}: {err}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    let body = response
        .bytes()
        .await
        .map_err(|err| format!("the download of {url} broke off: {err}"))?;
    Ok(body.to_vec())
}

// ANCHOR: mistake
/// Downloads every URL, at most `limit` at a time, and returns the results in the order
/// of `urls` (a failed download is an `Err` in its place; the others go on).
pub async fn download_all(
    client: &Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<Vec<u8>, String>> {
    // The bound holds, but results come in finishing order, not the order of `urls`.
    stream::iter(urls)
        .map(|url| download(client, url))
        .buffer_unordered(limit.max(1))
        .collect()
        .await
}
// ANCHOR_END: mistake
