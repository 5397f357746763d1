//! Wrong: awaits each download in a loop, so only one is ever in flight
//! Expect: the downloads ran one at a time

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
    // Each `.await` finishes one download before the loop starts the next.
    let _ = limit;
    let mut results = Vec::new();
    for url in urls {
        results.push(download(client, url).await);
    }
    results
}
// ANCHOR_END: mistake
