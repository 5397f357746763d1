//! Step 1: download a batch of images, several at a time, never more than a limit.

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

// ANCHOR: solution
/// Downloads every URL, at most `limit` at a time, and returns the results in the order
/// of `urls` (a failed download is an `Err` in its place; the others go on).
pub async fn download_all(
    client: &Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<Vec<u8>, String>> {
    // A stream of download futures, at most `limit` of them polled at once: when one
    // finishes, the next starts. `buffered` hands the results back in input order.
    stream::iter(urls)
        .map(|url| download(client, url))
        .buffered(limit.max(1))
        .collect()
        .await
}
// ANCHOR_END: solution
