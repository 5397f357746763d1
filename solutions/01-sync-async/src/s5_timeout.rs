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
pub async fn with_deadline<F: Future>(limit: Duration, work: F) -> Result<F::Output, TimedOut> {
    tokio::time::timeout(limit, work)
        .await
        .map_err(|_elapsed| TimedOut { after: limit })
}
