//! Wrong: joins every task, then sorts them into done and pending, so FirstCompleted waits for the slowest
//! Expect: FirstCompleted returns as soon as one task is done
//! Step 1: asyncio's `wait`, with its three `return_when` modes and a timeout.

use std::time::Duration;

use tokio::task::{JoinError, JoinHandle};

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
    // Awaits every handle together: nothing is returned before the slowest task is done.
    let joined = futures::future::join_all(tasks).await;
    let mut done = Vec::new();
    for (index, joined) in joined.into_iter().enumerate() {
        let result = output(joined);
        let failed = result.is_err();
        done.push((index, result));
        if return_when == ReturnWhen::FirstException && failed {
            break;
        }
    }
    let _ = timeout;
    Waited {
        done,
        pending: Vec::new(),
    }
}
// ANCHOR_END: mistake
