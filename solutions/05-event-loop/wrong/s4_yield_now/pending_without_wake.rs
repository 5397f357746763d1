//! Wrong: returns Pending once without waking its own task, so nobody ever polls it again
//! Expect: yield_now returned Pending but woke its task

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
        if self.yielded {
            return Poll::Ready(());
        }
        // Give the thread back; the loop will come back to us.
        self.yielded = true;
        let _ = cx;
        Poll::Pending
    }
    // ANCHOR_END: mistake
}
