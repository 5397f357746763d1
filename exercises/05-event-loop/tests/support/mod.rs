//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // each step's test target uses only some of these

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// Far longer than any of these tests needs (they take milliseconds); a test still
/// running then is stuck for good.
pub const OUTER_LIMIT: Duration = Duration::from_secs(5);

/// Runs `f` on a thread of its own and returns its result, failing the test with
/// `stuck` (the likely cause) if it has not finished after [`OUTER_LIMIT`]. A failed
/// assertion inside `f` fails the test with its own message.
pub fn within<T: Send + 'static>(stuck: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    exercise_support::guide();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let out = f();
        let _ = tx.send(());
        out
    });
    match rx.recv_timeout(OUTER_LIMIT) {
        Ok(()) => worker.join().expect("the test thread finished"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // `f` panicked: show its message, not ours.
            match worker.join() {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(out) => out,
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("still running after {OUTER_LIMIT:?}: {stuck}")
        }
    }
}

/// Counts how many times it was polled; wraps any future.
pub struct CountPolls<F> {
    pub inner: Pin<Box<F>>,
    pub polls: Arc<AtomicUsize>,
}

impl<F: Future> CountPolls<F> {
    pub fn new(inner: F) -> (Self, Arc<AtomicUsize>) {
        let polls = Arc::new(AtomicUsize::new(0));
        (
            Self {
                inner: Box::pin(inner),
                polls: Arc::clone(&polls),
            },
            polls,
        )
    }
}

impl<F: Future> Future for CountPolls<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.inner.as_mut().poll(cx)
    }
}

/// A waker that counts its wakes (and does nothing else).
#[derive(Default)]
pub struct CountingWaker {
    pub wakes: AtomicUsize,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

impl CountingWaker {
    pub fn new() -> (Arc<Self>, Waker) {
        let counter = Arc::new(Self::default());
        let waker = Waker::from(Arc::clone(&counter));
        (counter, waker)
    }

    pub fn count(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }
}
