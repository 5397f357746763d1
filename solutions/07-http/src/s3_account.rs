//! Step 3: many requests under faults, and a report that accounts for every one of them:
//! each succeeded or failed with its reason, none is missing, none is counted twice.

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

/// Requests every URL, at most `limit` at once, each with `timeout` to get its answer,
/// and returns one record per URL (in any order): exactly one for each index.
pub async fn check_all(
    client: &reqwest::Client,
    urls: &[String],
    limit: usize,
    timeout: Duration,
) -> Vec<Record> {
    // ANCHOR: solution
    futures::stream::iter(urls.iter().enumerate())
        .map(|(index, url)| async move {
            // One expression, one ending: each request makes exactly one record.
            let outcome = match client.get(url).timeout(timeout).send().await {
                Ok(response) if response.status().is_success() => Ok(response.status().as_u16()),
                Ok(response) => Err(Failure::Status(response.status().as_u16())),
                Err(err) if err.is_timeout() => Err(Failure::TimedOut),
                Err(_) => Err(Failure::Broken),
            };
            Record { index, outcome }
        })
        .buffer_unordered(limit.max(1))
        .collect()
        .await
    // ANCHOR_END: solution
}
