//! Wrong: keeps the jump for later, so it moves the index one resume after it was sent
//! Expect: applied one resume late

use crate::generator::CoroutineState;

/// The jumping range: yields 0, 1, 2, … below `up_to`; a value sent in moves the index.
#[derive(Debug)]
pub struct JumpingRange {
    up_to: i64,
    state: State,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Start,
    AtYield {
        index: i64,
        next_step: i64,
        yielded: usize,
    },
    Done {
        yielded: usize,
    },
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
        let (index, yielded) = match self.state {
            State::Start => (0, 0),
            // Moves by the step remembered from the resume before, and keeps this
            // resume's jump for the next one.
            State::AtYield {
                index,
                next_step,
                yielded,
            } => (index + next_step, yielded),
            State::Done { yielded } => return CoroutineState::Complete(yielded),
        };
        if index < self.up_to {
            self.state = State::AtYield {
                index,
                next_step: jump.unwrap_or(1),
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
