//! Wait: asyncio's `wait(tasks, return_when=..., timeout=...)`, and the idiomatic Rust tools
//! beside it: `select!`, `select_all`, `FuturesUnordered`.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use futures::future::select_all;
use futures::stream::FuturesUnordered;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::log::{Log, fallible, job};

pub type Task = JoinHandle<Result<&'static str, String>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnWhen {
    FirstCompleted,
    FirstException,
    AllCompleted,
}

/// Done (index and result, in finishing order) and pending (index and handle).
pub type Waited = (
    Vec<(usize, Result<&'static str, String>)>,
    Vec<(usize, Task)>,
);

// ANCHOR: wait
/// asyncio's `wait`, for spawned tasks: returns when `return_when` is met or `timeout`
/// has passed. Pending tasks are handed back still running.
pub async fn wait(tasks: Vec<Task>, return_when: ReturnWhen, timeout: Option<Duration>) -> Waited {
    let deadline = timeout.map(|limit| Instant::now() + limit);
    let mut pending: Vec<(usize, Task)> = tasks.into_iter().enumerate().collect();
    let mut done = Vec::new();
    while !pending.is_empty() {
        // Race borrows of the handles: the losers stay in `pending`, untouched.
        let next = select_all(pending.iter_mut().map(|(_, handle)| handle));
        let (joined, position, _) = match deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, next).await {
                Ok(finished) => finished,
                Err(_elapsed) => break,
            },
            None => next.await,
        };
        let (index, _) = pending.remove(position);
        let result = joined.expect("a demo task panicked");
        let failed = result.is_err();
        done.push((index, result));
        match return_when {
            ReturnWhen::FirstCompleted => break,
            ReturnWhen::FirstException if failed => break,
            ReturnWhen::FirstException | ReturnWhen::AllCompleted => {}
        }
    }
    (done, pending)
}
// ANCHOR_END: wait

/// Spawns A (3 units), B (1, fails if `b_fails`) and C (2).
pub fn spawn_three(log: &Arc<Log>, unit: Duration, b_fails: bool) -> Vec<Task> {
    [("A", 3, false), ("B", 1, b_fails), ("C", 2, false)]
        .into_iter()
        .map(|(name, units, fails)| {
            tokio::spawn(fallible(Arc::clone(log), name, units, unit, fails))
        })
        .collect()
}

/// Names the tasks of a wait's outcome, for the narration.
pub fn describe(waited: &Waited) -> String {
    let names = ["A", "B", "C"];
    let done: Vec<String> = waited
        .0
        .iter()
        .map(|(i, result)| match result {
            Ok(_) => names[*i].to_string(),
            Err(_) => format!("{} (failed)", names[*i]),
        })
        .collect();
    let pending: Vec<&str> = waited.1.iter().map(|(i, _)| names[*i]).collect();
    format!("done {done:?}, pending {pending:?}")
}

/// The three modes in turn, then a timeout that returns partial results.
pub async fn modes(log: &Arc<Log>, unit: Duration) {
    let waited = wait(
        spawn_three(log, unit, false),
        ReturnWhen::FirstCompleted,
        None,
    )
    .await;
    log.say(format!("wait(FirstCompleted): {}", describe(&waited)));
    // ANCHOR: pending_later
    // The pending tasks kept running; await them later, as asyncio lets you.
    for (_, handle) in waited.1 {
        let name = handle.await.expect("a demo task panicked");
        log.say(format!("a pending task, awaited later, gave {name:?}"));
    }
    // ANCHOR_END: pending_later
    let waited = wait(
        spawn_three(log, unit, true),
        ReturnWhen::FirstException,
        None,
    )
    .await;
    log.say(format!("wait(FirstException): {}", describe(&waited)));
    for (_, handle) in waited.1 {
        // Not needed any more: the caller, not `wait`, decides to cancel.
        handle.abort();
    }
    let waited = wait(
        spawn_three(log, unit, false),
        ReturnWhen::AllCompleted,
        Some(unit * 5 / 2),
    )
    .await;
    log.say(format!(
        "wait(AllCompleted, timeout 2.5 units): {}",
        describe(&waited)
    ));
    for (_, handle) in waited.1 {
        handle.abort();
    }
}

// ANCHOR: select
/// `select!`: the first branch to finish runs its arm; the other futures are dropped.
pub async fn with_select(log: &Arc<Log>, unit: Duration) -> &'static str {
    tokio::select! {
        name = job(Arc::clone(log), "A", 3, unit) => name,
        name = job(Arc::clone(log), "B", 1, unit) => name,
        name = job(Arc::clone(log), "C", 2, unit) => name,
    }
}
// ANCHOR_END: select

// ANCHOR: select_all
/// `select_all`: the first of many futures of one type, plus the others, still alive,
/// to race again or drop (an `Unpin` list: here boxed).
pub async fn with_select_all(log: &Arc<Log>, unit: Duration) -> (&'static str, usize) {
    let jobs = [("A", 3), ("B", 1), ("C", 2)]
        .map(|(name, units)| Box::pin(job(Arc::clone(log), name, units, unit)));
    let (first, _index, rest) = select_all(jobs).await;
    // The rest go on only if we await them: here we race them once more.
    let (second, _, rest) = select_all(rest).await;
    log.say(format!(
        "select_all gave {first}, then {second}; {} left, dropped",
        rest.len()
    ));
    (first, rest.len())
}
// ANCHOR_END: select_all

// ANCHOR: as_completed
/// `FuturesUnordered`: a set of futures polled together, yielding outputs as they
/// finish (asyncio's `as_completed`), without spawning anything.
pub async fn with_futures_unordered(log: &Arc<Log>, unit: Duration) -> Vec<&'static str> {
    let mut running: FuturesUnordered<_> = [("A", 3), ("B", 1), ("C", 2)]
        .into_iter()
        .map(|(name, units)| job(Arc::clone(log), name, units, unit))
        .collect();
    let mut order = Vec::new();
    while let Some(name) = running.next().await {
        order.push(name);
    }
    log.say(format!("FuturesUnordered yielded {order:?}"));
    order
}
// ANCHOR_END: as_completed

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn the_modes_split_done_and_pending() {
        let log = Log::silent();
        let start = Instant::now();
        let (done, pending) = wait(
            spawn_three(&log, UNIT, false),
            ReturnWhen::FirstCompleted,
            None,
        )
        .await;
        assert_eq!(start.elapsed(), UNIT);
        assert_eq!(done, [(1, Ok("B"))]);
        assert_eq!(pending.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 2]);
        for (_, handle) in pending {
            assert!(handle.await.is_ok(), "pending tasks keep running");
        }
        let (done, pending) = wait(
            spawn_three(&log, UNIT, false),
            ReturnWhen::AllCompleted,
            Some(UNIT * 5 / 2),
        )
        .await;
        assert_eq!(done.len(), 2);
        assert_eq!(pending.len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn the_idiomatic_tools_pick_the_fastest() {
        let log = Log::silent();
        assert_eq!(with_select(&log, UNIT).await, "B");
        assert_eq!(with_select_all(&log, UNIT).await, ("B", 1));
        assert_eq!(with_futures_unordered(&log, UNIT).await, ["B", "C", "A"]);
    }
}
