//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // Each step uses a different part of this file.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Nothing in these steps waits for anything: the learner's code runs in microseconds,
/// unless it loops for ever. Generous, for a busy machine.
const OUTER_LIMIT: Duration = Duration::from_secs(10);

/// Runs `f` on a thread of its own and returns its result, failing the test (instead of
/// hanging it) if `f` never finishes. A panic inside `f` fails the test with its message.
///
/// Generators hold `Rc`s and cannot cross threads, so `f` builds them itself.
pub fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    exercise_support::guide();
    let (done, result) = mpsc::channel();
    let worker = thread::spawn(move || {
        // The receiver may have given up already; then nobody needs the result.
        let _ = done.send(f());
    });
    match result.recv_timeout(OUTER_LIMIT) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            // `f` panicked: its message is already printed; fail with the same payload.
            Err(payload) => std::panic::resume_unwind(payload),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "{what} did not finish within {OUTER_LIMIT:?}: an endless loop? (a loop that \
             never resumes anything, or one that consumes an endless generator to its end)"
        ),
    }
}
