//! Wrong: the waker does nothing; the loop naps 100 ms after each Pending and polls again (passes a slow test by timing luck), so a wake is only noticed when the nap ends
//! Expect: the waker must unpark the loop

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

/// The waker of `block_on`: waking it unparks the thread that runs the loop.
pub struct ThreadWaker(pub Thread);

// ANCHOR: mistake
impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        // The loop checks again soon anyway.
    }
}

/// Runs `future` to completion on this thread, sleeping while it waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        thread::park_timeout(Duration::from_millis(100));
    }
}
// ANCHOR_END: mistake
