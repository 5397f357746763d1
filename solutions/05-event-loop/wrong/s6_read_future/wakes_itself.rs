//! Wrong: on WouldBlock it wakes its own task instead of leaving the waker with the pipe: the loop polls it again and again while the pipe is empty (busy waiting)
//! Expect: woke its own task while the pipe was still empty

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::pipe::Pipe;

/// Reads from `pipe` into `buf`: the number of bytes read, or `0` at the end.
pub fn read<'a>(pipe: &'a Pipe, buf: &'a mut [u8]) -> Read<'a> {
    Read { pipe, buf }
}

pub struct Read<'a> {
    pipe: &'a Pipe,
    buf: &'a mut [u8],
}

// ANCHOR: mistake
impl Future for Read<'_> {
    type Output = io::Result<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match this.pipe.try_read(this.buf) {
            // Nothing there yet: ask to be woken when there is, and give the thread
            // back. The next poll tries again.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                // Come back soon and try again.
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            done => Poll::Ready(done),
        }
    }
}
// ANCHOR_END: mistake
