//! Wrong: gives the requests no timeout: a stalled server is only noticed when it hangs up
//! Expect: expected Err(TimedOut), got Err(Broken)

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
    _timeout: Duration,
) -> Vec<Record> {
    futures::stream::iter(urls.iter().enumerate())
        .map(|(index, url)| async move {
            // No `.timeout(…)`: a stalled request waits until the server closes it.
            let outcome = match client.get(url).send().await {
                Ok(response) if response.status().is_success() => Ok(response.status().as_u16()),
                Ok(response) => Err(Failure::Status(response.status().as_u16())),
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
