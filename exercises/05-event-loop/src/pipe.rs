//! An in-memory, non-blocking "socket" for step 6 (not an exercise).
//!
//! It behaves like a socket under epoll in edge-triggered mode (what mio, and so tokio
//! and our stage 4, use): reading never blocks (`WouldBlock` when empty), and a reader
//! who asked to be woken is woken once, when the pipe *becomes* readable, that is when
//! data arrives in an empty pipe, or when it is closed. Data that was already there
//! wakes nobody.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::task::Waker;

/// Both ends of the pipe (clone it to hand one to the writer).
#[derive(Clone, Default)]
pub struct Pipe {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    data: VecDeque<u8>,
    closed: bool,
    reader: Option<Waker>,
}

impl Pipe {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads what is there into `buf`: `Ok(n)` with `n > 0`, `Ok(0)` once the pipe is
    /// closed and empty, or `Err(WouldBlock)` when it is empty but still open.
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        let mut inner = self.inner.borrow_mut();
        if inner.data.is_empty() {
            return if inner.closed {
                Ok(0)
            } else {
                Err(io::ErrorKind::WouldBlock.into())
            };
        }
        let n = buf.len().min(inner.data.len());
        for (slot, byte) in buf.iter_mut().zip(inner.data.drain(..n)) {
            *slot = byte;
        }
        Ok(n)
    }

    /// Leaves `waker` to be woken the next time the pipe becomes readable (the edge:
    /// data into an empty pipe, or closing it). Replaces any waker left before.
    pub fn wake_when_readable(&self, waker: &Waker) {
        self.inner.borrow_mut().reader = Some(waker.clone());
    }

    /// The writer's end: appends `bytes`; wakes the waiting reader if the pipe was
    /// empty.
    pub fn write(&self, bytes: &[u8]) {
        let reader = {
            let mut inner = self.inner.borrow_mut();
            let was_empty = inner.data.is_empty();
            inner.data.extend(bytes);
            if was_empty && !bytes.is_empty() {
                inner.reader.take()
            } else {
                None
            }
        };
        if let Some(reader) = reader {
            reader.wake();
        }
    }

    /// Closes the writer's end: the reader gets the rest of the data, then `Ok(0)`.
    pub fn close(&self) {
        let reader = {
            let mut inner = self.inner.borrow_mut();
            inner.closed = true;
            inner.reader.take()
        };
        if let Some(reader) = reader {
            reader.wake();
        }
    }
}
