//! Wrong: the waker sets a flag (and unparks), but the loop waits by spinning on the flag instead of parking: two polls, and a core at 100% while it waits
//! Expect: never went to sleep

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
struct FlagWaker {
    woken: AtomicBool,
    thread: Thread,
}

impl Wake for FlagWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Runs `future` to completion on this thread, sleeping while it waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let flag = Arc::new(FlagWaker {
        woken: AtomicBool::new(false),
        thread: thread::current(),
    });
    let waker = Waker::from(Arc::clone(&flag));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Poll again once woken, not before.
        while !flag.woken.swap(false, Ordering::AcqRel) {
            std::hint::spin_loop();
        }
    }
}
// ANCHOR_END: mistake
