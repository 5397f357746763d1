//! Wrong: keeps the records of the successes only: the failed requests vanish from the report
//! Expect: is missing from the report

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
            let response = client.get(url).timeout(timeout).send().await.ok()?;
            let status = response.status();
            status.is_success().then(|| Record {
                index,
                outcome: Ok(status.as_u16()),
            })
        })
        .buffer_unordered(limit)
        // `None` for every failure: filtered out, never reported.
        .filter_map(|record| async move { record })
        .collect()
        .await
}
// ANCHOR_END: mistake
