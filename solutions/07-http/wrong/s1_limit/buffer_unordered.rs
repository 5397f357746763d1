//! Wrong: uses buffer_unordered, so the bodies come back in the order they finish
//! Expect: the bodies are not in url order

use futures::StreamExt;

// ANCHOR: mistake
/// Fetches every URL with at most `limit` requests in flight.
pub async fn fetch_all(
    client: &reqwest::Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<String, String>> {
    futures::stream::iter(urls)
        .map(|url| async move {
            let response = client.get(url).send().await.map_err(|e| e.to_string())?;
            response.text().await.map_err(|e| e.to_string())
        })
        // Yields each body as soon as it is ready: the fastest first.
        .buffer_unordered(limit)
        .collect()
        .await
}
// ANCHOR_END: mistake
