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
pub async fn get_with_retry(client: &reqwest::Client, url: &str, retry: &Retry) -> Attempted {
    // ANCHOR: solution
    let mut attempt = 1;
    loop {
        let outcome = match client.get(url).send().await {
            Ok(response) => Ok(response.status().as_u16()),
            // No answer at all: refused, reset, closed half way. The next try may pass.
            Err(err) => Err(err.to_string()),
        };
        let again = match &outcome {
            Ok(status) => worth_retrying(*status),
            Err(_) => true,
        };
        // The bound: `max_attempts` counts the first try too.
        if !again || attempt >= retry.max_attempts {
            return Attempted {
                attempts: attempt,
                outcome,
            };
        }
        // Back off before the next attempt: a struggling server gets time to recover.
        tokio::time::sleep(retry.backoff(attempt)).await;
        attempt += 1;
    }
    // ANCHOR_END: solution
}
