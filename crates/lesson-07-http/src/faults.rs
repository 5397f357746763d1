//! Robustness under the server's fault injection: a timeout per request and one for the
//! whole batch, bounded retries with back-off on 5xx and broken connections, and a
//! report that accounts for every request.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::time::{Duration, Instant};

use futures::StreamExt;

use crate::measure::Outcome;

/// One URL's fate.
#[derive(Debug, Clone)]
pub struct Fate {
    pub attempts: u32,
    pub outcome: Outcome,
}

pub struct Policy {
    pub max_attempts: u32,
    pub first_backoff: Duration,
    pub timeout: Duration,
    pub overall: Duration,
    pub limit: usize,
    /// Every request sent, retries included: the server must have counted as many.
    pub sent: AtomicU64,
}

// ANCHOR: retry
/// GETs `url` until it succeeds, gets a 4xx, or has had `max_attempts`; sleeps
/// `first_backoff`, then twice that, and so on, between attempts. A timeout is not
/// retried: the server may still be working on it, and the batch has a deadline.
async fn fetch_with_retry(client: &reqwest::Client, url: &str, policy: &Policy) -> Fate {
    let mut attempt = 1;
    loop {
        policy.sent.fetch_add(1, SeqCst);
        let result = client.get(url).timeout(policy.timeout).send().await;
        let outcome = Outcome::from_reqwest(result.map(|r| r.status().as_u16()));
        let again =
            matches!(outcome, Outcome::Broken) || matches!(outcome, Outcome::Status(s) if s >= 500);
        if !again || attempt >= policy.max_attempts {
            return Fate {
                attempts: attempt,
                outcome,
            };
        }
        tokio::time::sleep(policy.first_backoff * 2u32.pow(attempt - 1)).await;
        attempt += 1;
    }
}
// ANCHOR_END: retry

/// Runs every URL under the policy. A URL still running at the overall deadline keeps
/// the `Deadline` fate its slot starts with: nothing goes missing.
pub async fn run(urls: &[String], policy: &Policy) -> (Vec<Fate>, Duration) {
    let client = reqwest::Client::builder()
        .connect_timeout(policy.timeout)
        .build()
        .expect("a plain-http client always builds");
    let initial = Fate {
        attempts: 0,
        outcome: Outcome::Deadline,
    };
    let slots = Mutex::new(vec![initial; urls.len()]);
    let start = Instant::now();
    let batch = futures::stream::iter(urls.iter().enumerate())
        .map(|(i, url)| {
            let client = &client;
            async move { (i, fetch_with_retry(client, url, policy).await) }
        })
        .buffer_unordered(policy.limit)
        .for_each(|(i, fate)| {
            slots.lock().unwrap()[i] = fate;
            async {}
        });
    let _ = tokio::time::timeout(policy.overall, batch).await;
    (slots.into_inner().unwrap(), start.elapsed())
}
