//! Structured concurrency: a task must not outlive the code that started it.
//!
//! Python's `asyncio.TaskGroup` waits for every task started in its `async with` block,
//! and cancels the rest when one fails. Tokio's `spawn` has no such scope: a spawned task
//! outlives its parent unless someone keeps and uses its handle. A `JoinSet` held by the
//! parent is the scope: dropping it aborts what it still holds.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use crate::log::{Log, fallible};

/// Writes a line every unit, for `units` units.
async fn writer(log: Arc<Log>, name: &'static str, units: u32, unit: Duration) {
    let _wait = log.waiting(name);
    for i in 1..=units {
        tokio::time::sleep(unit).await;
        log.say(format!("{name} writes line {i}"));
    }
}

// ANCHOR: orphan
/// The bug: the parent spawns a child, gives up waiting after 1 unit and returns; the
/// child goes on writing after its parent is gone (to a file that may be closed by now).
pub async fn orphan(log: &Arc<Log>, unit: Duration) {
    let _parent = log.waiting("parent");
    let child = tokio::spawn(writer(Arc::clone(log), "orphan", 3, unit));
    let _ = tokio::time::timeout(unit * 3 / 2, child).await; // drops the handle: detached
    log.say("parent returned");
}
// ANCHOR_END: orphan

// ANCHOR: scoped
/// The fix: the child lives in the parent's `JoinSet`; when the parent returns, the set
/// is dropped and the child aborted at its next `.await`.
pub async fn scoped(log: &Arc<Log>, unit: Duration) {
    let _parent = log.waiting("parent");
    let mut children = JoinSet::new();
    children.spawn(writer(Arc::clone(log), "scoped", 3, unit));
    let _ = tokio::time::timeout(unit * 3 / 2, children.join_next()).await;
    log.say("parent returned");
} // `children` dropped here: every task still in it is aborted
// ANCHOR_END: scoped

// ANCHOR: task_group
/// Like `async with asyncio.TaskGroup()`: wait for all; on the first error, cancel the
/// others, wait for them to be gone, and report the error.
pub async fn task_group(log: &Arc<Log>, unit: Duration) -> Result<Vec<&'static str>, String> {
    let mut group = JoinSet::new();
    for (name, units, fails) in [("A", 3, false), ("B", 1, true), ("C", 2, false)] {
        group.spawn(fallible(Arc::clone(log), name, units, unit, fails));
    }
    let mut done = Vec::new();
    while let Some(joined) = group.join_next().await {
        match joined.expect("a demo task panicked") {
            Ok(name) => done.push(name),
            Err(err) => {
                group.shutdown().await; // abort the rest and wait until they are gone
                log.say(format!("group failed: {err}; the others were cancelled"));
                return Err(err);
            }
        }
    }
    Ok(done)
}
// ANCHOR_END: task_group

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn the_orphan_writes_after_its_parent_the_scoped_child_does_not() {
        let log = Log::silent();
        orphan(&log, UNIT).await;
        tokio::time::sleep(UNIT * 3).await;
        let lines = log.lines();
        let returned = lines.iter().position(|l| l == "parent returned").unwrap();
        assert!(
            lines[returned..]
                .iter()
                .any(|l| l == "orphan writes line 3")
        );

        let log = Log::silent();
        scoped(&log, UNIT).await;
        tokio::time::sleep(UNIT * 3).await;
        assert_eq!(log.lines(), ["scoped writes line 1", "parent returned"]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_group_cancels_the_others_on_the_first_error() {
        let log = Log::silent();
        assert_eq!(task_group(&log, UNIT).await, Err("B failed".to_string()));
        let lines = log.lines();
        assert!(
            lines
                .iter()
                .any(|l| l == "A dropped before it finished (cancelled)")
        );
        assert!(
            lines
                .iter()
                .any(|l| l == "C dropped before it finished (cancelled)")
        );
    }
}
