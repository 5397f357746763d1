//! An outer bound for the async step tests (included with `#[path]`, so cargo does not
//! treat this file as a test of its own).

use std::future::Future;
use std::time::Duration;

/// Under tokio's paused clock this bound costs nothing: when every task is stuck, tokio
/// jumps straight to the deadline, so a future that never finishes fails the test at
/// once instead of hanging it.
const OUTER_LIMIT: Duration = Duration::from_secs(3600);

/// Awaits `future`, failing the test, with the likely cause, if it never finishes.
pub async fn bounded<F: Future>(what: &str, future: F) -> F::Output {
    exercise_support::guide();
    match tokio::time::timeout(OUTER_LIMIT, future).await {
        Ok(output) => output,
        Err(_) => panic!(
            "{what} still not finished after {OUTER_LIMIT:?} of virtual time: \
             possible deadlock, or a future nobody wakes"
        ),
    }
}
