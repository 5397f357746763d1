//! Test helpers shared by the step tests (included with `#[path]`, so cargo does not
//! treat this file as a test of its own).

use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A meeting point for `expected` callers: [`Meeting::arrive`] returns `true` only if
/// all of them were inside `arrive` at the same time.
///
/// This is how the tests prove work ran *at the same time* without timing anything:
/// a sequential answer calls `arrive` once, waits in vain for the others, and the
/// meeting fails. Patience is bounded, so a failure is a failed test, never a hang.
#[derive(Debug)]
pub struct Meeting {
    expected: usize,
    patience: Duration,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    arrived: usize,
    broken: bool,
}

impl Meeting {
    pub fn new(expected: usize) -> Self {
        Self {
            expected,
            // Generous: threads on a busy 2-core machine can take a while to start.
            patience: Duration::from_secs(3),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        }
    }

    /// Arrives and waits for the others. `false` if they did not all come in time
    /// (after which every later arrival gets `false` at once).
    pub fn arrive(&self) -> bool {
        let deadline = Instant::now() + self.patience;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.arrived += 1;
        self.changed.notify_all();
        while state.arrived < self.expected && !state.broken {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                state.broken = true;
                self.changed.notify_all();
                break;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        !state.broken
    }
}

/// Runs `body` on its own thread and fails the test if it has not finished within
/// `limit`, naming the likely cause, instead of hanging the whole test run.
pub fn within<T: Send + 'static>(
    limit: Duration,
    likely_cause: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> T {
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
