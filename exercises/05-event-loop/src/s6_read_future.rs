//! Step 6: a readiness-based read: try, and wait for readiness only on `WouldBlock`.

// Until the TODOs are done, some imports and fields are unused; the project lints
// with `-D warnings`. (Delete this line once the step passes, if you like.)
#![allow(unused_imports, dead_code)]

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

    // Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
    #[allow(unused_variables, unused_mut)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        // TODO: try the read (`self.pipe.try_read`). Data, the end (0) or a real error
        // is the answer. `WouldBlock` means "not yet": ask the pipe to wake this task
        // when it becomes readable, and return `Pending`.
        todo!("read, or wait for readiness")
    }
}
