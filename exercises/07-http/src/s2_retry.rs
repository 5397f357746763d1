//! Step 2: retry what may succeed next time (a 5xx, a broken connection), with a pause
//! that grows between attempts and a bound on their number; never retry a 4xx.

use std::time::Duration;

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first one included: 3 means one try and two retries.
    pub max_attempts: u32,
    /// The pause after the first failed attempt; each later pause is twice the one before.
    pub first_backoff: Duration,
}

impl Retry {
    /// The pause after failed attempt number `failed` (from 1): 1×, 2×, 4×, … the first.
    pub fn backoff(&self, failed: u32) -> Duration {
        let doublings = failed.saturating_sub(1).min(16);
        self.first_backoff * 2u32.pow(doublings)
    }
}

/// What came of a URL after all the attempts it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempted {
    /// How many requests were sent for it.
    pub attempts: u32,
    /// The status of the last answer, or the last error (as text) if no answer came.
    pub outcome: Result<u16, String>,
}

/// Whether an answer with this status is worth asking for again: a server error may be
/// gone next time, a client error (4xx: bad request, not found) will not.
pub fn worth_retrying(status: u16) -> bool {
    (500..600).contains(&status)
}

/// GETs `url`, retrying a 5xx answer or a failed request (refused, reset, cut short) up
/// to `retry.max_attempts` attempts in all, sleeping `retry.backoff(n)` after failed
/// attempt `n`. Success and 4xx answers return at once.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn get_with_retry(client: &reqwest::Client, url: &str, retry: &Retry) -> Attempted {
    // TODO: loop over the attempts: send, look at the status (or the error), and either
    // return or sleep `retry.backoff(attempt)` with `tokio::time::sleep` and go again.
    todo!("get the url, retrying 5xx answers and broken requests a bounded number of times")
}
