//! Step 4: `yield_now`, the co-operative "let the others run".

// Until the TODOs are done, some imports and fields are unused; the project lints
// with `-D warnings`. (Delete this line once the step passes, if you like.)
#![allow(unused_imports, dead_code)]

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

    // Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
    #[allow(unused_variables, unused_mut)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // TODO: the first poll gives the thread back to the loop, making sure this
        // task is polled again after the others; the second poll is done.
        todo!("return Pending once, without losing the task")
    }
}
