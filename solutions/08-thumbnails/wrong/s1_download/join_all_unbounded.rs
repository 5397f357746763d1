//! Wrong: starts every download at once with join_all, ignoring the limit
//! Expect: over the limit of

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
    // Every future is polled from the start: all the downloads are in flight at once.
    let _ = limit;
    futures::future::join_all(urls.iter().map(|url| download(client, url))).await
}
// ANCHOR_END: mistake
