//! Wrong: looks at the clock only when a task finishes, so the timeout waits for a slow task
//! Expect: the timeout is a deadline for the whole wait
//! Step 1: asyncio's `wait`, with its three `return_when` modes and a timeout.

use std::time::Duration;

use futures::future::select_all;
use tokio::task::{JoinError, JoinHandle};
use tokio::time::Instant;

/// A spawned task whose work can fail.
pub type Task<T, E> = JoinHandle<Result<T, E>>;

/// When [`wait`] returns (asyncio's `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnWhen {
    /// As soon as any task finishes.
    FirstCompleted,
    /// As soon as any task finishes with an `Err`; if none fails, when all are done.
    FirstException,
    /// When every task is done.
    AllCompleted,
}

/// What [`wait`] hands back: each task under its index in the input.
#[derive(Debug)]
pub struct Waited<T, E> {
    /// The finished tasks' results, in the order they finished.
    pub done: Vec<(usize, Result<T, E>)>,
    /// The tasks still running, in submission order. They are not cancelled: the caller
    /// may await them later, or abort them.
    pub pending: Vec<(usize, Task<T, E>)>,
}

/// What a finished task gave back. A task that panicked re-raises its panic here; one that
/// was aborted elsewhere is a bug in the caller.
pub fn output<R>(joined: Result<R, JoinError>) -> R {
    match joined {
        Ok(value) => value,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => panic!("a task given to wait was cancelled by someone else: {err}"),
    }
}

// ANCHOR: mistake
/// Waits for `tasks` until `return_when` is met or `timeout` has passed, whichever comes
/// first, and splits them into done and pending. Pending tasks keep running.
pub async fn wait<T, E>(
    tasks: Vec<Task<T, E>>,
    return_when: ReturnWhen,
    timeout: Option<Duration>,
) -> Waited<T, E> {
    let deadline = timeout.map(|limit| Instant::now() + limit);
    let mut pending: Vec<(usize, Task<T, E>)> = tasks.into_iter().enumerate().collect();
    let mut done = Vec::new();
    while !pending.is_empty() {
        // Checks the deadline between finishes instead of racing the wait against it.
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            break;
        }
        let next = select_all(pending.iter_mut().map(|(_, handle)| handle));
        let (joined, position, _rest) = next.await;
        let (index, _handle) = pending.remove(position);
        let result = output(joined);
        let failed = result.is_err();
        done.push((index, result));
        match return_when {
            ReturnWhen::FirstCompleted => break,
            ReturnWhen::FirstException if failed => break,
            ReturnWhen::FirstException | ReturnWhen::AllCompleted => {}
        }
    }
    Waited { done, pending }
}
// ANCHOR_END: mistake
