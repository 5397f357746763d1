//! The jumping range, written by hand as a state machine.
//!
//! Python's version is a generator (`book/python/04_jumping_range.py`):
//!
//! ```text
//! def jumping_range(up_to):
//!     index = 0
//!     while index < up_to:
//!         jump = yield index
//!         if jump is None:
//!             jump = 1
//!         index += jump
//! ```
//!
//! Stable Rust has no `yield`, so here the function is taken apart by hand: everything it
//! must remember between two resumes becomes a field, and "where it stopped" becomes an
//! enum variant. This is what a compiler does with a generator (or an `async fn`).

use crate::coroutine::CoroutineState;

// ANCHOR: machine
/// The jumping range as an explicit state machine.
///
/// Each `resume(jump)` runs the body from where it stopped to its next yield point.
/// `jump` is what Python's `send` passes in: `None` moves one step, `Some(n)` moves by
/// `n` (back, if negative). The first resume starts the range; its argument is ignored,
/// as Python refuses anything but `None` for a generator that has not started yet.
/// When the index reaches `up_to`, the range completes with how many values it yielded,
/// and every later resume says `Complete` again.
#[derive(Debug, Clone)]
pub struct JumpingRange {
    up_to: i64,
    state: State,
}

/// Where the body of the generator is stopped, and what it holds there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Created, not resumed yet: the body has not run at all.
    Start,
    /// Stopped at `jump = yield index`, with its locals.
    AtYield { index: i64, yielded: usize },
    /// Ran off the end of its loop.
    Done { yielded: usize },
}

impl JumpingRange {
    pub fn new(up_to: i64) -> Self {
        Self {
            up_to,
            state: State::Start,
        }
    }

    pub fn resume(&mut self, jump: Option<i64>) -> CoroutineState<i64, usize> {
        let (index, yielded) = match self.state {
            State::Start => (0, 0),
            // The value sent in is the result of the `yield` we stopped at: it moves the
            // index *now*, before the loop tests it again.
            State::AtYield { index, yielded } => (index.saturating_add(jump.unwrap_or(1)), yielded),
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
}
// ANCHOR_END: machine

// ANCHOR: iterator
/// With nothing to send, a generator is just an iterator: resume with `None` until done.
impl Iterator for JumpingRange {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        match self.resume(None) {
            CoroutineState::Yielded(index) => Some(index),
            CoroutineState::Complete(_) => None,
        }
    }
}
// ANCHOR_END: iterator

#[cfg(test)]
mod tests {
    use super::*;
    use CoroutineState::{Complete, Yielded};

    #[test]
    fn counts_up_when_nothing_is_sent() {
        assert_eq!(JumpingRange::new(4).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(JumpingRange::new(0).count(), 0);
    }

    #[test]
    fn a_sent_value_moves_the_index_at_once() {
        let mut range = JumpingRange::new(10);
        assert_eq!(range.resume(None), Yielded(0));
        assert_eq!(range.resume(Some(5)), Yielded(5));
        assert_eq!(range.resume(None), Yielded(6));
        assert_eq!(range.resume(Some(-4)), Yielded(2));
        assert_eq!(range.resume(Some(100)), Complete(4));
    }

    #[test]
    fn the_hand_written_range_may_move_between_threads() {
        // Only numbers inside, so it is `Send`: the chapter says so; the compiler checks.
        fn send<T: Send>(value: T) -> T {
            value
        }
        let mut range = send(JumpingRange::new(3));
        assert_eq!(range.next(), Some(0));
        let rest = std::thread::spawn(move || range.collect::<Vec<_>>())
            .join()
            .expect("the thread finishes");
        assert_eq!(
            rest,
            [1, 2],
            "resumed on another thread, it goes on where it stopped"
        );
    }

    #[test]
    fn a_finished_range_stays_finished() {
        let mut range = JumpingRange::new(2);
        assert_eq!(range.by_ref().count(), 2);
        assert_eq!(range.resume(Some(-10)), Complete(2));
        assert_eq!(range.next(), None);
    }
}
