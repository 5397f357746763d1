//! Wrong: holds one permit back (a Semaphore of limit - 1), so the limit is never reached
//! Expect: below the limit of 4

// ANCHOR: mistake
/// Fetches every URL with at most `limit` requests in flight.
pub async fn fetch_all(
    client: &reqwest::Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<String, String>> {
    // "Strictly fewer than the limit": one permit short of what was allowed.
    let permits = tokio::sync::Semaphore::new(limit.saturating_sub(1).max(1));
    let permits = &permits;
    futures::future::join_all(urls.iter().map(|url| async move {
        let _permit = permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let response = client.get(url).send().await.map_err(|e| e.to_string())?;
        response.text().await.map_err(|e| e.to_string())
    }))
    .await
}
// ANCHOR_END: mistake
