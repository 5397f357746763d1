//! Wrong: starts every request at once with join_all and ignores the limit
//! Expect: over the limit of 4

// ANCHOR: mistake
/// Fetches every URL with at most `limit` requests in flight.
pub async fn fetch_all(
    client: &reqwest::Client,
    urls: &[String],
    _limit: usize,
) -> Vec<Result<String, String>> {
    // All twelve futures are polled together: twelve requests in flight.
    futures::future::join_all(urls.iter().map(|url| async move {
        let response = client.get(url).send().await.map_err(|e| e.to_string())?;
        response.text().await.map_err(|e| e.to_string())
    }))
    .await
}
// ANCHOR_END: mistake
