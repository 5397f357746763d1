//! Step 1: `wait` returns when its mode says so (or at the timeout), hands back
//! done and pending, and leaves the pending tasks running.

mod support;

use std::time::Duration;

use gather_wait::s1_wait::{ReturnWhen, Task, Waited, wait};
use support::bounded;
use tokio::time::Instant;

const MS: u64 = 1;

/// Spawns one task per `(delay in ms, fails)`: it sleeps, then returns its delay or fails.
fn spawn_all(plan: &[(u64, bool)]) -> Vec<Task<u64, String>> {
    plan.iter()
        .map(|&(delay, fails)| {
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(delay * MS)).await;
                if fails {
                    Err(format!("task of {delay} ms failed"))
                } else {
                    Ok(delay)
                }
            })
        })
        .collect()
}

fn done_indices(waited: &Waited<u64, String>) -> Vec<usize> {
    waited.done.iter().map(|(index, _)| *index).collect()
}

fn pending_indices(waited: &Waited<u64, String>) -> Vec<usize> {
    waited.pending.iter().map(|(index, _)| *index).collect()
}

fn check_time(what: &str, took: Duration, expected_ms: u64, why: &str) {
    let expected = Duration::from_millis(expected_ms);
    assert!(
        took >= expected && took < expected + Duration::from_millis(5),
        "{what} returned after {took:?} of virtual time, expected {expected:?}: {why}"
    );
}

/// Awaits every pending task and checks it was still running and finishes on its own.
async fn pending_still_finish(waited: Waited<u64, String>) {
    for (index, handle) in waited.pending {
        let joined = bounded("a pending task", handle).await;
        match joined {
            Ok(Ok(_)) | Ok(Err(_)) => {}
            Err(err) => panic!(
                "pending task {index} was cancelled ({err}): wait must leave pending tasks \
                 running, like asyncio's wait; the caller decides whether to cancel them"
            ),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn first_completed_returns_at_the_first_finish() {
    let start = Instant::now();
    let tasks = spawn_all(&[(300, false), (100, false), (200, false)]);
    let waited = bounded("wait", wait(tasks, ReturnWhen::FirstCompleted, None)).await;
    check_time(
        "wait(FirstCompleted)",
        start.elapsed(),
        100,
        "FirstCompleted returns as soon as one task is done, not after all of them",
    );
    assert_eq!(
        done_indices(&waited),
        [1],
        "after 100 ms only task 1 (100 ms) is done"
    );
    assert_eq!(waited.done[0].1, Ok(100), "task 1 returned Ok(100)");
    assert_eq!(
        pending_indices(&waited),
        [0, 2],
        "tasks 0 and 2 are pending, listed under their submission index in order"
    );
    pending_still_finish(waited).await;
    check_time(
        "awaiting the pending tasks",
        start.elapsed(),
        300,
        "the pending tasks keep running while nobody awaits them",
    );
}

#[tokio::test(start_paused = true)]
async fn pending_tasks_keep_running_and_can_be_awaited_later() {
    let tasks = spawn_all(&[(100, false), (200, false), (300, false)]);
    let waited = bounded("wait", wait(tasks, ReturnWhen::FirstCompleted, None)).await;
    assert_eq!(
        pending_indices(&waited),
        [1, 2],
        "tasks 1 and 2 are pending"
    );
    pending_still_finish(waited).await;
}

#[tokio::test(start_paused = true)]
async fn first_exception_returns_at_the_first_error() {
    let start = Instant::now();
    let tasks = spawn_all(&[(100, false), (200, true), (300, false)]);
    let waited = bounded("wait", wait(tasks, ReturnWhen::FirstException, None)).await;
    check_time(
        "wait(FirstException)",
        start.elapsed(),
        200,
        "FirstException returns when the first task fails",
    );
    assert_eq!(
        done_indices(&waited),
        [0, 1],
        "done lists tasks in the order they finished: 0 at 100 ms, then 1 (failed) at 200 ms"
    );
    assert!(
        waited.done[1].1.is_err(),
        "task 1 failed: its Err is in done"
    );
    assert_eq!(pending_indices(&waited), [2], "task 2 is still pending");
    pending_still_finish(waited).await;
}

#[tokio::test(start_paused = true)]
async fn first_exception_without_errors_waits_for_all() {
    let start = Instant::now();
    let tasks = spawn_all(&[(300, false), (100, false), (200, false)]);
    let waited = bounded("wait", wait(tasks, ReturnWhen::FirstException, None)).await;
    check_time(
        "wait(FirstException)",
        start.elapsed(),
        300,
        "with no failure, FirstException waits like AllCompleted",
    );
    assert_eq!(
        pending_indices(&waited),
        [] as [usize; 0],
        "nothing is pending"
    );
}

#[tokio::test(start_paused = true)]
async fn all_completed_lists_results_in_completion_order() {
    let start = Instant::now();
    let tasks = spawn_all(&[(300, false), (100, true), (200, false)]);
    let waited = bounded("wait", wait(tasks, ReturnWhen::AllCompleted, None)).await;
    check_time(
        "wait(AllCompleted)",
        start.elapsed(),
        300,
        "AllCompleted waits for every task, failed or not",
    );
    assert_eq!(
        done_indices(&waited),
        [1, 2, 0],
        "done lists the tasks in the order they finished (100, 200, 300 ms), not in the \
         order they were submitted"
    );
    assert!(waited.pending.is_empty(), "nothing is pending");
}

#[tokio::test(start_paused = true)]
async fn the_timeout_returns_partial_results_at_the_deadline() {
    let start = Instant::now();
    let tasks = spawn_all(&[(300, false), (100, false), (1000, false)]);
    let waited = bounded(
        "wait",
        wait(
            tasks,
            ReturnWhen::AllCompleted,
            Some(Duration::from_millis(250)),
        ),
    )
    .await;
    check_time(
        "wait(AllCompleted, timeout 250 ms)",
        start.elapsed(),
        250,
        "the timeout is a deadline for the whole wait: race the waiting against it, and \
         do not wait for a slow task to finish before looking at the clock",
    );
    assert_eq!(
        done_indices(&waited),
        [1],
        "only task 1 finished within 250 ms"
    );
    assert_eq!(
        pending_indices(&waited),
        [0, 2],
        "tasks 0 and 2 are pending"
    );
    pending_still_finish(waited).await;
}

#[tokio::test(start_paused = true)]
async fn a_timeout_before_any_finish_returns_nothing_done() {
    let start = Instant::now();
    let tasks = spawn_all(&[(300, false), (200, false)]);
    let waited = bounded(
        "wait",
        wait(
            tasks,
            ReturnWhen::FirstCompleted,
            Some(Duration::from_millis(50)),
        ),
    )
    .await;
    check_time(
        "wait(FirstCompleted, timeout 50 ms)",
        start.elapsed(),
        50,
        "no task finishes within 50 ms, so wait returns at the timeout",
    );
    assert!(waited.done.is_empty(), "nothing finished within 50 ms");
    assert_eq!(pending_indices(&waited), [0, 1], "both tasks are pending");
    pending_still_finish(waited).await;
}

#[tokio::test(start_paused = true)]
async fn no_tasks_returns_at_once() {
    let waited = bounded(
        "wait",
        wait(
            Vec::<Task<u64, String>>::new(),
            ReturnWhen::AllCompleted,
            None,
        ),
    )
    .await;
    assert!(
        waited.done.is_empty() && waited.pending.is_empty(),
        "no tasks: nothing done"
    );
}
