//! Wrong: counts retries from 0 and allows max_attempts of them, one attempt too many
//! Expect: the first try counts as an attempt

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

// ANCHOR: mistake
/// GETs `url`, retrying failures up to `retry.max_attempts` attempts in all.
pub async fn get_with_retry(client: &reqwest::Client, url: &str, retry: &Retry) -> Attempted {
    let mut retries = 0;
    loop {
        let outcome = match client.get(url).send().await {
            Ok(response) => Ok(response.status().as_u16()),
            Err(err) => Err(err.to_string()),
        };
        let again = match &outcome {
            Ok(status) => worth_retrying(*status),
            Err(_) => true,
        };
        // `max_attempts` retries after the first try: one request more than allowed.
        if !again || retries >= retry.max_attempts {
            return Attempted {
                attempts: retries + 1,
                outcome,
            };
        }
        retries += 1;
        tokio::time::sleep(retry.backoff(retries)).await;
    }
}
// ANCHOR_END: mistake
