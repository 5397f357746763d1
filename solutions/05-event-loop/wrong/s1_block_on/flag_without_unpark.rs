//! Wrong: the waker only sets a flag and the loop spins on it (yielding the CPU, never sleeping): few polls, but the thread never sleeps and nothing unparks it
//! Expect: the waker must unpark the loop

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
struct FlagWaker(AtomicBool);

impl Wake for FlagWaker {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::Release);
    }
}

/// Runs `future` to completion on this thread, sleeping while it waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let flag = Arc::new(FlagWaker(AtomicBool::new(false)));
    let waker = Waker::from(Arc::clone(&flag));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Poll again only once woken; until then, let other threads run.
        while !flag.0.swap(false, Ordering::AcqRel) {
            thread::yield_now();
        }
    }
}
// ANCHOR_END: mistake
