//! Step 5: give a slow operation a deadline.

use std::fmt;
use std::future::Future;
use std::time::Duration;

/// The operation did not finish within `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out after {:?}", self.after)
    }
}

impl std::error::Error for TimedOut {}

/// Runs `work`, giving up after `limit`: the unfinished future is dropped (cancelled).
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn with_deadline<F: Future>(limit: Duration, work: F) -> Result<F::Output, TimedOut> {
    // TODO: race `work` against a timer of `limit`; on time, return the output, else
    // `Err(TimedOut { after: limit })`. Tokio has a function for exactly this.
    todo!("give the work a deadline")
}
