//! Wrong: joins the work with a sleep of the limit instead of racing them, so even fast work waits for the deadline
//! Expect: the deadline is a limit, not a wait

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

// ANCHOR: mistake
/// Runs `work`, giving up after `limit`: the unfinished future is dropped (cancelled).
pub async fn with_deadline<F: Future>(limit: Duration, work: F) -> Result<F::Output, TimedOut> {
    // Joins the work with the timer instead of racing them: both must finish.
    let (output, ()) = tokio::join!(work, tokio::time::sleep(limit));
    Ok(output)
}
// ANCHOR_END: mistake
