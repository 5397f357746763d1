//! Step 1: from one request at a time to many at once, but never more than `limit`.

use futures::StreamExt;

/// Fetches every URL with at most `limit` requests in flight at any moment, and as many
/// as `limit` whenever enough are left, and returns the bodies (or the error, as text)
/// in the order of `urls`.
///
/// A loop of `client.get(url).send().await` is the sequential version: one request in
/// flight, so a hundred 100 ms answers take ten seconds.
pub async fn fetch_all(
    client: &reqwest::Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<String, String>> {
    // ANCHOR: solution
    // Each future is lazy: nothing is sent until `buffered` polls it. `buffered` keeps
    // up to `limit` of them running and yields their outputs in input order.
    futures::stream::iter(urls)
        .map(|url| async move {
            let response = client.get(url).send().await.map_err(|e| e.to_string())?;
            response.text().await.map_err(|e| e.to_string())
        })
        .buffered(limit.max(1))
        .collect()
        .await
    // ANCHOR_END: solution
}
