//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // Each step uses a different part of this file.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// Runs `body` on its own thread and fails the test if it has not finished within
/// `limit`, naming the likely cause, instead of hanging the whole test run.
pub fn within<T: Send + 'static>(
    limit: Duration,
    likely_cause: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> T {
    exercise_support::guide();
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = tx.send(body());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        // The body panicked (a failed assertion): report its own message.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the body either sends a value or panics"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("still running after {limit:?}: {likely_cause}")
        }
    }
}

/// A meeting point for `expected` callers: [`Meeting::arrive`] waits (with bounded
/// patience) until that many callers are inside it at once.
///
/// This is how the tests prove work ran *at the same time* without timing anything: a
/// sequential answer arrives alone, waits in vain, and the meeting records that at most
/// one caller was ever there.
#[derive(Debug)]
pub struct Meeting {
    expected: usize,
    patience: Duration,
    state: Mutex<MeetingState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct MeetingState {
    arrived: usize,
    most_together: usize,
    given_up: bool,
}

impl Meeting {
    pub fn new(expected: usize) -> Self {
        Self {
            expected,
            // Generous: threads on a busy 2-core machine can take a while to start.
            patience: Duration::from_secs(3),
            state: Mutex::new(MeetingState::default()),
            changed: Condvar::new(),
        }
    }

    /// Arrives, and waits until `expected` callers have arrived (or patience runs out,
    /// after which nobody waits any more).
    pub fn arrive(&self) {
        let deadline = Instant::now() + self.patience;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.arrived += 1;
        state.most_together = state.most_together.max(state.arrived);
        self.changed.notify_all();
        while state.arrived < self.expected && !state.given_up {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                state.given_up = true;
                self.changed.notify_all();
                break;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        // Leave the meeting only once it is over for everyone: a caller that finished
        // could otherwise be counted again when it arrives with its next block.
        if state.given_up {
            state.arrived -= 1;
        }
    }

    /// The most callers that were inside the meeting at the same time.
    pub fn most_together(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .most_together
    }
}

/// Counts calls in flight (its high-water mark) and the distinct threads they ran on.
#[derive(Debug, Default)]
pub struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
    threads: Mutex<HashSet<ThreadId>>,
}

impl InFlight {
    /// A call starts: returns how many distinct threads have made calls so far.
    pub fn enter(&self) -> usize {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        let mut threads = self.threads.lock().unwrap_or_else(|e| e.into_inner());
        threads.insert(thread::current().id());
        threads.len()
    }

    /// A call ends.
    pub fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }

    /// The most calls that were in flight at the same time.
    pub fn most(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }

    /// How many distinct threads made calls.
    pub fn threads(&self) -> usize {
        self.threads.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}
