//! Wrong: records a failed status, then falls through and records the answer as well
//! Expect: in the report 2 times

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
    let results: Vec<(usize, Result<reqwest::Response, reqwest::Error>)> = futures::stream::iter(
        urls.iter().enumerate(),
    )
    .map(|(index, url)| async move { (index, client.get(url).timeout(timeout).send().await) })
    .buffer_unordered(limit)
    .collect()
    .await;
    let mut records = Vec::new();
    for (index, result) in results {
        match result {
            Ok(response) => {
                let status = response.status().as_u16();
                if !response.status().is_success() {
                    records.push(Record {
                        index,
                        outcome: Err(Failure::Status(status)),
                    });
                }
                // Forgot the `else`: an answer is recorded as a success too.
                records.push(Record {
                    index,
                    outcome: Ok(status),
                });
            }
            Err(err) if err.is_timeout() => records.push(Record {
                index,
                outcome: Err(Failure::TimedOut),
            }),
            Err(_) => records.push(Record {
                index,
                outcome: Err(Failure::Broken),
            }),
        }
    }
    records
}
// ANCHOR_END: mistake
