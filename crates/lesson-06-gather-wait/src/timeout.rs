//! Timeouts: one deadline shared by several steps, a wait that returns partial results
//! at its deadline, and retries with back-off.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::time::Instant;

use crate::log::{Log, job};

// ANCHOR: shared_deadline
/// Connect (1 unit), ask (2), read (2) under one budget of 4 units: the deadline is fixed
/// once, and each step races against what is left of it. The read is cut off at 4 units.
pub async fn shared_deadline(log: &Arc<Log>, unit: Duration) -> Result<usize, usize> {
    let deadline = Instant::now() + unit * 4;
    let steps = [("connect", 1), ("ask", 2), ("read", 2)];
    for (done, (name, units)) in steps.into_iter().enumerate() {
        let step = job(Arc::clone(log), name, units, unit);
        if tokio::time::timeout_at(deadline, step).await.is_err() {
            log.say(format!(
                "budget of 4 units spent during `{name}`: {done} steps done"
            ));
            return Err(done);
        }
    }
    Ok(steps.len())
}
// ANCHOR_END: shared_deadline

// ANCHOR: partial
/// Five jobs of 1..=5 units, collected as they finish until 3.5 units have passed: the
/// three done are kept, the two unfinished are dropped with the set (asyncio's
/// `wait(timeout=...)` would hand them back as pending instead).
pub async fn partial_results(log: &Arc<Log>, unit: Duration) -> Vec<&'static str> {
    let deadline = Instant::now() + unit * 7 / 2;
    let mut running: FuturesUnordered<_> = [("J1", 1), ("J2", 2), ("J3", 3), ("J4", 4), ("J5", 5)]
        .into_iter()
        .map(|(name, units)| job(Arc::clone(log), name, units, unit))
        .collect();
    let mut done = Vec::new();
    while let Ok(Some(name)) = tokio::time::timeout_at(deadline, running.next()).await {
        done.push(name);
    }
    log.say(format!(
        "at the deadline: done {done:?}, {} unfinished",
        running.len()
    ));
    done
}
// ANCHOR_END: partial

// ANCHOR: retry
/// An operation that times out twice (it hangs for 3 units), then answers in half a unit.
async fn flaky(log: &Arc<Log>, attempts: &AtomicU32, unit: Duration) -> &'static str {
    let attempt = attempts.fetch_add(1, Ordering::SeqCst) + 1;
    let name = format!("attempt {attempt}");
    let _wait = log.waiting(&name);
    if attempt < 3 {
        tokio::time::sleep(unit * 3).await;
    } else {
        tokio::time::sleep(unit / 2).await;
    }
    "answer"
}

/// Each attempt gets 1 unit; between attempts the pause doubles (½, 1, 2 units...), and
/// after `max_attempts` the caller gets the error.
pub async fn retry_with_backoff(
    log: &Arc<Log>,
    unit: Duration,
    max_attempts: u32,
) -> Option<&'static str> {
    let attempts = AtomicU32::new(0);
    let mut pause = unit / 2;
    for attempt in 1..=max_attempts {
        match tokio::time::timeout(unit, flaky(log, &attempts, unit)).await {
            Ok(answer) => {
                log.say(format!("attempt {attempt} answered {answer:?}"));
                return Some(answer);
            }
            Err(_) if attempt < max_attempts => {
                log.say(format!(
                    "attempt {attempt} timed out; retrying in {pause:?}"
                ));
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            Err(_) => log.say(format!("attempt {attempt} timed out; giving up")),
        }
    }
    None
}
// ANCHOR_END: retry

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn the_budget_is_shared_and_partial_results_come_at_the_deadline() {
        let log = Log::silent();
        let start = Instant::now();
        assert_eq!(shared_deadline(&log, UNIT).await, Err(2));
        assert_eq!(start.elapsed(), UNIT * 4);
        let start = Instant::now();
        assert_eq!(partial_results(&log, UNIT).await, ["J1", "J2", "J3"]);
        assert_eq!(start.elapsed(), UNIT * 7 / 2);
    }

    #[tokio::test(start_paused = true)]
    async fn retries_back_off_and_succeed_on_the_third_attempt() {
        let log = Log::silent();
        let start = Instant::now();
        assert_eq!(retry_with_backoff(&log, UNIT, 5).await, Some("answer"));
        // 1 + ½ + 1 + 1 + ½ units: two timeouts, two pauses, one answer.
        assert_eq!(start.elapsed(), UNIT * 4);
        assert_eq!(retry_with_backoff(&log, UNIT, 1).await, None);
    }
}
