//! Wrong: returns the WouldBlock error to the caller instead of waiting for readiness
//! Expect: WouldBlock is not an error

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

impl Future for Read<'_> {
    type Output = io::Result<usize>;

    // ANCHOR: mistake
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let _ = cx;
        // The pipe never blocks, so its answer is the answer.
        Poll::Ready(this.pipe.try_read(this.buf))
    }
    // ANCHOR_END: mistake
}
