//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // each test target uses its own part of the helpers

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// Counts live jobs: each job holds a [`Live`] while it exists, and dropping the job (it
/// finished, or it was cancelled) drops the guard. The counter also keeps the high-water
/// mark, the most jobs ever alive at one instant.
#[derive(Clone, Default)]
pub struct Census {
    now: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
}

impl Census {
    pub fn enter(&self) -> Live {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        Live(Arc::clone(&self.now))
    }

    /// Jobs alive right now.
    pub fn alive(&self) -> usize {
        self.now.load(Ordering::SeqCst)
    }

    /// The most jobs ever alive at one instant.
    pub fn high_water(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }
}

/// One live job; dropping it counts the job out.
pub struct Live(Arc<AtomicUsize>);

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Lets the runtime run every task that is ready (an aborted task is dropped on its next
/// turn, not inside `abort()`), without moving the paused clock.
pub async fn settle() {
    for _ in 0..16 {
        tokio::task::yield_now().await;
    }
}
