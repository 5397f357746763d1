//! Wrong: awaits the work to the end, then compares the time it took with the limit: it reports a timeout but never gives up early
//! Expect: race the work against a timer

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
    let start = tokio::time::Instant::now();
    let output = work.await;
    if start.elapsed() > limit {
        Err(TimedOut { after: limit })
    } else {
        Ok(output)
    }
}
// ANCHOR_END: mistake
