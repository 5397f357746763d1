//! Lesson 05: the event loop, built from scratch in five stages.
//!
//! Each stage is one file, a whole runtime that compiles and is tested on its own, and
//! each differs from the one before by one idea:
//!
//! 1. [`s1_queue`]: a run queue, `spawn`, a `JoinHandle`, `block_on`; every task is
//!    polled on every turn, so waiting spins.
//! 2. [`s2_wakers`]: wakers (`std::task::Wake`, no `unsafe`); only woken tasks are
//!    polled, and the loop parks its thread when none is.
//! 3. [`s3_timers`]: `sleep` on a heap of deadlines; the loop sleeps until the next one;
//!    the clock is injectable, so tests jump through time instead of waiting.
//! 4. [`s4_reactor`]: an IO reactor on epoll (through mio): non-blocking TCP futures
//!    woken on readiness; the loop sleeps in `epoll_wait`.
//! 5. [`s5_threads`]: the loop on several threads sharing one queue, and what that
//!    changes: `Send` futures, wakes from any thread, a task woken while it runs.
//!
//! [`trace`] is the loop's diary (what it decided, when), which the demo tells as a
//! story and draws as a timeline; [`runtimes`] runs one small program on our loop and
//! on tokio, smol and async-std.

pub mod runtimes;
pub mod s1_queue;
pub mod s2_wakers;
pub mod s3_timers;
pub mod s4_reactor;
pub mod s5_threads;
pub mod trace;

use std::time::Duration;

/// Runs `f` on a thread of its own and waits at most `limit` for it: true if it
/// finished. A test uses it to turn a hang (a lost wake, a deadlock) into a failure; a
/// thread that hangs is left behind, and the test process ends anyway.
pub fn within(limit: Duration, f: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        f();
        // The receiver may have given up already; then nobody needs to know.
        let _ = done.send(());
    });
    finished.recv_timeout(limit).is_ok()
}
