//! Wrong: awaits each request before sending the next: one in flight at a time
//! Expect: the requests ran one at a time

// ANCHOR: mistake
/// Fetches every URL with at most `limit` requests in flight.
pub async fn fetch_all(
    client: &reqwest::Client,
    urls: &[String],
    _limit: usize,
) -> Vec<Result<String, String>> {
    let mut bodies = Vec::new();
    for url in urls {
        // Each `.await` waits for this answer before the loop sends the next request.
        let body = match client.get(url).send().await {
            Ok(response) => response.text().await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        bodies.push(body);
    }
    bodies
}
// ANCHOR_END: mistake
