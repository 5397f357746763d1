//! Wrong: waits for readiness before the first read, so data already in the pipe (the readiness edge has passed) is never announced again
//! Expect: Try the read first

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::pipe::Pipe;

/// Reads from `pipe` into `buf`: the number of bytes read, or `0` at the end.
pub fn read<'a>(pipe: &'a Pipe, buf: &'a mut [u8]) -> Read<'a> {
    Read {
        pipe,
        buf,
        waited: false,
    }
}

pub struct Read<'a> {
    pipe: &'a Pipe,
    buf: &'a mut [u8],
    waited: bool,
}

impl Future for Read<'_> {
    type Output = io::Result<usize>;

    // ANCHOR: mistake
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        // Wait for the pipe to say "readable" first, then read.
        if !this.waited {
            this.waited = true;
            this.pipe.wake_when_readable(cx.waker());
            return Poll::Pending;
        }
        match this.pipe.try_read(this.buf) {
            // Nothing there yet: ask to be woken when there is, and give the thread
            // back. The next poll tries again.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                this.pipe.wake_when_readable(cx.waker());
                Poll::Pending
            }
            done => Poll::Ready(done),
        }
    }
    // ANCHOR_END: mistake
}
