//! Wrong: keeps a "woken" flag and clears it after the poll, so a wake that arrives during the poll is lost and the loop sleeps for ever
//! Expect: slept through a wake that came during the poll

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// The waker of `block_on`: waking it unparks the thread that runs the loop.
pub struct ThreadWaker(pub Thread);

/// Set by the waker; the loop sleeps until it is set.
static WOKEN: AtomicBool = AtomicBool::new(false);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        WOKEN.store(true, Ordering::SeqCst);
        self.0.unpark();
    }
}

// ANCHOR: mistake
/// Runs `future` to completion on this thread, sleeping while it waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Forget old wakes, then sleep until a new one (this loses a wake that came
        // during the poll we just made).
        WOKEN.store(false, Ordering::SeqCst);
        while !WOKEN.load(Ordering::SeqCst) {
            thread::park();
        }
    }
}
// ANCHOR_END: mistake
