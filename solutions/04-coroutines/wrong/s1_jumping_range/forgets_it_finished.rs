//! Wrong: has no finished state, so a jump back after the end starts the loop again
//! Expect: a finished range must keep saying Complete(3)

use crate::generator::CoroutineState;

/// The jumping range: yields 0, 1, 2, … below `up_to`; a value sent in moves the index.
#[derive(Debug)]
pub struct JumpingRange {
    up_to: i64,
    started: bool,
    index: i64,
    yielded: usize,
}

impl JumpingRange {
    pub fn new(up_to: i64) -> Self {
        Self {
            up_to,
            started: false,
            index: 0,
            yielded: 0,
        }
    }

    // ANCHOR: mistake
    /// Runs the body from where it stopped to its next yield (or its end).
    pub fn resume(&mut self, jump: Option<i64>) -> CoroutineState<i64, usize> {
        if self.started {
            self.index += jump.unwrap_or(1);
        }
        self.started = true;
        // After the end, the same test runs again: a jump back makes it pass.
        if self.index < self.up_to {
            self.yielded += 1;
            CoroutineState::Yielded(self.index)
        } else {
            CoroutineState::Complete(self.yielded)
        }
    }
    // ANCHOR_END: mistake
}

/// With nothing to send, the range is an ordinary iterator.
impl Iterator for JumpingRange {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        match self.resume(None) {
            CoroutineState::Yielded(index) => Some(index),
            CoroutineState::Complete(_) => None,
        }
    }
}
