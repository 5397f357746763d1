//! Step 1: `block_on`, the smallest event loop: poll, and park until woken.

// Until the TODOs are done, some imports and fields are unused; the project lints
// with `-D warnings`. (Delete this line once the step passes, if you like.)
#![allow(unused_imports, dead_code)]

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// The waker of `block_on`: waking it unparks the thread that runs the loop.
pub struct ThreadWaker(pub Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        // TODO: wake the loop's thread (it may be parked, waiting for this).
        todo!("unpark the thread in self.0")
    }
}

/// Runs `future` to completion on this thread, sleeping while it waits.
// Until the TODO is done, the parameter is unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub fn block_on<F: Future>(future: F) -> F::Output {
    // TODO: pin the future (`std::pin::pin!`), make a `Waker` from an
    // `Arc<ThreadWaker>` of this thread, and a `Context` from it. Then loop: poll; if
    // `Ready`, return the output; if `Pending`, sleep until the waker is called.
    todo!("poll the future, and park the thread until its waker is called")
}
