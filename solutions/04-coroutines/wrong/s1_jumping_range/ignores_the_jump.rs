//! Wrong: moves the index by one at every resume, whatever was sent in
//! Expect: ignored the values sent in

use crate::generator::CoroutineState;

/// The jumping range: yields 0, 1, 2, … below `up_to`; a value sent in moves the index.
///
/// `resume(None)` moves one step; `resume(Some(n))` moves by `n` (back, if negative)
/// *before* the next value is yielded, as `jump = yield index` does in Python. The first
/// resume starts the range at 0 and ignores its argument. When the index reaches
/// `up_to`, the range completes with how many values it yielded, and every later resume
/// says `Complete` with that count again.
#[derive(Debug)]
pub struct JumpingRange {
    up_to: i64,
    state: State,
}

/// Where the body is stopped, with the locals it holds there.
#[derive(Debug, Clone, Copy)]
enum State {
    Start,
    AtYield { index: i64, yielded: usize },
    Done { yielded: usize },
}

impl JumpingRange {
    pub fn new(up_to: i64) -> Self {
        Self {
            up_to,
            state: State::Start,
        }
    }

    // ANCHOR: mistake
    /// Runs the body from where it stopped to its next yield (or its end).
    pub fn resume(&mut self, jump: Option<i64>) -> CoroutineState<i64, usize> {
        let _ = jump; // sent in, and never used
        let (index, yielded) = match self.state {
            State::Start => (0, 0),
            State::AtYield { index, yielded } => (index + 1, yielded),
            State::Done { yielded } => return CoroutineState::Complete(yielded),
        };
        if index < self.up_to {
            self.state = State::AtYield {
                index,
                yielded: yielded + 1,
            };
            CoroutineState::Yielded(index)
        } else {
            self.state = State::Done { yielded };
            CoroutineState::Complete(yielded)
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
