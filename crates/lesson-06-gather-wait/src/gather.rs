//! Gather: run several jobs and collect every result.
//!
//! Three jobs, A (3 units), B (1) and C (2), submitted in that order. `join!` and
//! `join_all` hand the results back in submission order, all at once when the slowest is
//! done (asyncio's `gather`); a `JoinSet` hands each back the moment it finishes
//! (asyncio's `as_completed`). `try_join_all` returns at the first error and drops the
//! other futures, where asyncio's `gather` lets them run on.

use std::sync::Arc;
use std::time::Duration;

use futures::future::{join_all, try_join_all};
use tokio::task::JoinSet;

use crate::log::{Log, fallible, job};

/// The jobs every gather demo runs: name and length in units, in submission order.
pub const JOBS: [(&str, u32); 3] = [("A", 3), ("B", 1), ("C", 2)];

// ANCHOR: join_macro
/// `join!`: a fixed number of futures, possibly of different types, polled together by
/// the calling task. The tuple comes back in the order written.
pub async fn with_join_macro(
    log: &Arc<Log>,
    unit: Duration,
) -> (&'static str, &'static str, &'static str) {
    tokio::join!(
        job(Arc::clone(log), "A", 3, unit),
        job(Arc::clone(log), "B", 1, unit),
        job(Arc::clone(log), "C", 2, unit),
    )
}
// ANCHOR_END: join_macro

// ANCHOR: join_all
/// `join_all`: any number of futures of one type; results in submission order, all at
/// once when the last one is done (asyncio's `gather(*aws)`).
pub async fn with_join_all(log: &Arc<Log>, unit: Duration) -> Vec<&'static str> {
    let jobs = JOBS.map(|(name, units)| job(Arc::clone(log), name, units, unit));
    let results = join_all(jobs).await;
    log.say(format!("join_all returned {results:?}"));
    log.mark("caller", unit / 20);
    results
}
// ANCHOR_END: join_all

// ANCHOR: join_set
/// `JoinSet`: spawned tasks, collected as each one finishes (asyncio's `as_completed`).
/// The order is the order of finishing, not the order of spawning.
pub async fn with_join_set(log: &Arc<Log>, unit: Duration) -> Vec<&'static str> {
    let mut set = JoinSet::new();
    for (name, units) in JOBS {
        set.spawn(job(Arc::clone(log), name, units, unit));
    }
    let mut results = Vec::new();
    while let Some(joined) = set.join_next().await {
        // A job cannot panic; if one did, the demo should say so loudly.
        let name = joined.expect("a job panicked");
        log.say(format!("join_next gave {name}"));
        log.mark("caller", unit / 20);
        results.push(name);
    }
    results
}
// ANCHOR_END: join_set

// ANCHOR: try_join_all
/// `try_join_all`: the first `Err` wins at once, and the other futures are dropped
/// (cancelled) mid-wait. B fails after 1 unit; A and C never finish.
pub async fn with_try_join_all(
    log: &Arc<Log>,
    unit: Duration,
) -> Result<Vec<&'static str>, String> {
    let jobs = [("A", 3, false), ("B", 1, true), ("C", 2, false)]
        .map(|(name, units, fails)| fallible(Arc::clone(log), name, units, unit, fails));
    let result = try_join_all(jobs).await;
    log.say(format!("try_join_all returned {result:?}"));
    result
}
// ANCHOR_END: try_join_all

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn join_all_keeps_submission_order_and_join_set_completion_order() {
        let log = Log::silent();
        assert_eq!(with_join_all(&log, UNIT).await, ["A", "B", "C"]);
        assert_eq!(with_join_set(&log, UNIT).await, ["B", "C", "A"]);
        assert_eq!(with_join_macro(&log, UNIT).await, ("A", "B", "C"));
    }

    #[tokio::test(start_paused = true)]
    async fn try_join_all_returns_at_the_first_error_and_drops_the_rest() {
        let log = Log::silent();
        let start = tokio::time::Instant::now();
        let result = with_try_join_all(&log, UNIT).await;
        assert_eq!(result, Err("B failed".to_string()));
        assert_eq!(start.elapsed(), UNIT, "returns when B fails, after 1 unit");
        let lines = log.lines();
        for name in ["A", "C"] {
            let dropped = format!("{name} dropped before it finished (cancelled)");
            assert!(
                lines.contains(&dropped),
                "{name} was not dropped: {lines:?}"
            );
        }
    }
}
