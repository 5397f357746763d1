//! Wrong: counts every answer as a success, a 500 included
//! Expect: expected Err(Status(500)), got Ok(500)

use std::time::Duration;

use futures::StreamExt;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// An answer came, but not a success (4xx or 5xx).
    Status(u16),
    /// No answer within the time allowed.
    TimedOut,
    /// The request failed on the way: refused, reset, or cut short with no answer.
    Broken,
}

/// What happened to `urls[index]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub index: usize,
    /// The status of a success (2xx), or why the request failed.
    pub outcome: Result<u16, Failure>,
}

// ANCHOR: mistake
/// Requests every URL, at most `limit` at once, one record per URL.
pub async fn check_all(
    client: &reqwest::Client,
    urls: &[String],
    limit: usize,
    timeout: Duration,
) -> Vec<Record> {
    futures::stream::iter(urls.iter().enumerate())
        .map(|(index, url)| async move {
            // `send()` is `Ok` for any answer: a 500 is an answer, not a success.
            let outcome = match client.get(url).timeout(timeout).send().await {
                Ok(response) => Ok(response.status().as_u16()),
                Err(err) if err.is_timeout() => Err(Failure::TimedOut),
                Err(_) => Err(Failure::Broken),
            };
            Record { index, outcome }
        })
        .buffer_unordered(limit)
        .collect()
        .await
}
// ANCHOR_END: mistake
