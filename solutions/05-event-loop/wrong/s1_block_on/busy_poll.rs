//! Wrong: polls in a loop with a waker that does nothing, instead of sleeping until woken: the thread spins at 100%
//! Expect: the loop is busy-polling

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// The waker of `block_on`: waking it unparks the thread that runs the loop.
pub struct ThreadWaker(pub Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

// ANCHOR: mistake
/// Runs `future` to completion on this thread, sleeping while it waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    // Nobody needs waking: we just keep asking.
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}
// ANCHOR_END: mistake
