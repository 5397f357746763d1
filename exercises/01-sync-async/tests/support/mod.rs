//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

use std::future::Future;
use std::time::Duration;

/// Under tokio's paused clock this bound costs nothing: a future stuck for ever makes
/// tokio jump straight to the deadline, and the test fails with a message naming the
/// likely cause instead of hanging.
const OUTER_LIMIT: Duration = Duration::from_secs(3600);

/// Awaits `future`, failing the test if it never finishes.
pub async fn bounded<F: Future>(what: &str, future: F) -> F::Output {
    exercise_support::guide();
    match tokio::time::timeout(OUTER_LIMIT, future).await {
        Ok(output) => output,
        Err(_) => panic!("{what} never finished: possible deadlock (or a future nobody wakes)"),
    }
}
