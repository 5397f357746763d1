//! Cancel: dropping a future, `JoinHandle::abort`, a dropped handle that detaches, a
//! `CancellationToken` for a tree of tasks, cancellation safety in a `select!` loop, and
//! asyncio's `shield` in Rust.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::log::{Log, job};

// ANCHOR: drop_future
/// A future is cancelled by dropping it: it stops at the `.await` where it was parked,
/// no line after it runs, only destructors (here the job's drop guard) do.
pub async fn drop_a_future(log: &Arc<Log>, unit: Duration) {
    let mut slow = Box::pin(job(Arc::clone(log), "slow", 3, unit));
    // Poll it for one unit, so it has started and is parked in its sleep...
    let _ = tokio::time::timeout(unit, &mut slow).await;
    log.say("one unit later, the caller drops the future");
    // ...then drop it: that is the whole cancellation.
    drop(slow);
}
// ANCHOR_END: drop_future

// ANCHOR: abort
/// A spawned task is not cancelled by dropping its handle: the handle detaches and the
/// task runs on. `abort` cancels it; awaiting the handle then reports `is_cancelled`.
pub async fn detach_then_abort(log: &Arc<Log>, unit: Duration) {
    let detached = tokio::spawn(job(Arc::clone(log), "detached", 2, unit));
    drop(detached);
    log.say("dropped the JoinHandle of `detached`: the task runs on");
    let aborted = tokio::spawn(job(Arc::clone(log), "aborted", 2, unit));
    tokio::time::sleep(unit).await;
    aborted.abort();
    match aborted.await {
        Err(err) if err.is_cancelled() => log.say("`aborted`'s handle says: cancelled"),
        other => log.say(format!("`aborted` ended otherwise: {other:?}")),
    }
    // Give `detached` the time to finish and say so.
    tokio::time::sleep(unit * 3 / 2).await;
}
// ANCHOR_END: abort

// ANCHOR: token_tree
/// A worker that stops co-operatively: it checks the token at each step and cleans up
/// in its own code, which a dropped future never gets to do.
async fn worker(log: Arc<Log>, name: String, token: CancellationToken, unit: Duration) {
    let _wait = log.waiting(&name);
    let mut steps = 0;
    loop {
        tokio::select! {
            () = token.cancelled() => {
                log.say(format!("{name}: asked to stop after {steps} steps; flushing and leaving"));
                return;
            }
            () = tokio::time::sleep(unit) => steps += 1,
        }
    }
}

/// A tree: two services, each with a helper. Cancelling one service's token stops it and
/// its helper; cancelling the root stops everything left. Children never cancel parents.
pub async fn token_tree(log: &Arc<Log>, unit: Duration) {
    let root = CancellationToken::new();
    let mut tasks = JoinSet::new();
    let mut services = Vec::new();
    for service in ["db", "web"] {
        let token = root.child_token();
        let helper = token.child_token();
        tasks.spawn(worker(
            Arc::clone(log),
            service.to_string(),
            token.clone(),
            unit,
        ));
        tasks.spawn(worker(
            Arc::clone(log),
            format!("{service} helper"),
            helper,
            unit,
        ));
        services.push(token);
    }
    tokio::time::sleep(unit * 3 / 2).await;
    log.say("cancel the `db` token (its helper is its child)");
    services[0].cancel();
    tokio::time::sleep(unit).await;
    log.say("cancel the root token");
    root.cancel();
    while tasks.join_next().await.is_some() {}
    log.say("every worker has returned on its own");
}
// ANCHOR_END: token_tree

/// Sends messages 1..=6, one per unit.
fn producer(unit: Duration) -> mpsc::Receiver<u32> {
    let (send, receive) = mpsc::channel(16);
    tokio::spawn(async move {
        for n in 1..=6 {
            tokio::time::sleep(unit).await;
            if send.send(n).await.is_err() {
                return;
            }
        }
    });
    receive
}

/// A tick every 1.3 units, first at 1.3 units: it never lands on a message.
fn ticker(unit: Duration) -> tokio::time::Interval {
    let period = unit * 13 / 10;
    tokio::time::interval_at(tokio::time::Instant::now() + period, period)
}

// ANCHOR: not_cancel_safe
/// Reads two messages as one pair. Not cancel-safe: dropped between its two `recv`s, it
/// takes the first message with it.
async fn read_pair(messages: &mut mpsc::Receiver<u32>) -> Option<(u32, u32)> {
    let first = messages.recv().await?;
    let second = messages.recv().await?;
    Some((first, second))
}

/// The bug: each turn of the loop builds a new `read_pair` future; when the tick wins,
/// `select!` drops it, and with it a message it had already taken off the channel.
pub async fn loses_messages(log: &Arc<Log>, unit: Duration) -> Vec<(u32, u32)> {
    let mut messages = producer(unit);
    let mut tick = ticker(unit);
    let mut pairs = Vec::new();
    loop {
        tokio::select! {
            pair = read_pair(&mut messages) => match pair {
                Some(pair) => pairs.push(pair),
                None => break,
            },
            _ = tick.tick() => log.say("tick"),
        }
    }
    log.say(format!("pairs read: {pairs:?} (sent 1..=6)"));
    pairs
}
// ANCHOR_END: not_cancel_safe

// ANCHOR: cancel_safe
/// The fix: race only `recv`, which tokio documents as cancel-safe (a message is either
/// returned or left in the channel), and keep the half-read pair outside the loop.
pub async fn keeps_messages(log: &Arc<Log>, unit: Duration) -> Vec<(u32, u32)> {
    let mut messages = producer(unit);
    let mut tick = ticker(unit);
    let mut pairs = Vec::new();
    let mut first: Option<u32> = None;
    loop {
        tokio::select! {
            message = messages.recv() => match (message, first.take()) {
                (Some(second), Some(first)) => pairs.push((first, second)),
                (Some(message), None) => first = Some(message),
                (None, _) => break,
            },
            _ = tick.tick() => log.say("tick"),
        }
    }
    log.say(format!("pairs read: {pairs:?} (sent 1..=6)"));
    pairs
}
// ANCHOR_END: cancel_safe

// ANCHOR: shield
/// asyncio's `shield`: stop waiting without cancelling the work. In Rust, spawn the work
/// and wait on its handle; a timeout drops only the wait (the `&mut` borrow of the
/// handle), and the task goes on. Await the handle again later for its result.
pub async fn shield(log: &Arc<Log>, unit: Duration) -> &'static str {
    let mut save = tokio::spawn(job(Arc::clone(log), "save", 2, unit));
    if tokio::time::timeout(unit, &mut save).await.is_err() {
        log.say("stopped waiting for `save` after 1 unit; it goes on");
    }
    let name = save.await.expect("the demo job does not panic");
    log.say(format!("awaited `save` again later: {name:?}"));
    name
}
// ANCHOR_END: shield

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn a_dropped_future_and_an_aborted_task_are_cancelled_a_detached_one_is_not() {
        let log = Log::silent();
        drop_a_future(&log, UNIT).await;
        detach_then_abort(&log, UNIT).await;
        let lines = log.lines();
        for expected in [
            "slow dropped before it finished (cancelled)",
            "aborted dropped before it finished (cancelled)",
            "`aborted`'s handle says: cancelled",
            "detached finished (2 units)",
        ] {
            assert!(
                lines.iter().any(|l| l == expected),
                "missing {expected:?} in {lines:?}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_select_loop_loses_messages_and_the_fix_keeps_them() {
        let log = Log::silent();
        let lost = loses_messages(&log, UNIT).await;
        assert_eq!(
            lost,
            [(4, 5)],
            "ticks at 1.3, 2.6, 3.9 and 6.5 units each drop a message"
        );
        let kept = keeps_messages(&log, UNIT).await;
        assert_eq!(kept, [(1, 2), (3, 4), (5, 6)]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_token_tree_stops_every_worker_and_shield_lets_the_work_finish() {
        let log = Log::silent();
        token_tree(&log, UNIT).await;
        let stops = log
            .lines()
            .iter()
            .filter(|l| l.contains("asked to stop"))
            .count();
        assert_eq!(stops, 4);
        assert_eq!(shield(&log, UNIT).await, "save");
    }
}
