//! Step 1: download a batch of images, several at a time, never more than a limit.

// What the TODO needs; unused until it is done (the project lints with `-D warnings`).
#[allow(unused_imports)]
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

/// Downloads every URL, at most `limit` at a time, and returns the results in the order
/// of `urls` (a failed download is an `Err` in its place; the others go on).
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn download_all(
    client: &Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<Vec<u8>, String>> {
    // TODO: start up to `limit` downloads at once (use `download` above); when one
    // finishes, start the next. A `for` loop that awaits each download runs them one
    // at a time; `join_all` on all of them runs every one at once. Look at
    // `futures::stream::iter(...).map(...)` and its `buffered` adaptor.
    todo!("download the batch, at most `limit` at a time")
}
