//! Wrong: wakes its task and returns Ready at the first poll: the task never gives the thread back
//! Expect: yield_now returned Ready at once

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Lets every other ready task run before this one goes on.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    // ANCHOR: mistake
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // Let the loop know we would like to run again, and carry on.
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Ready(())
    }
    // ANCHOR_END: mistake
}
