//! Step 1: the jumping range as a hand-written state machine.
//!
//! Python's generator, for reference:
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

use crate::generator::CoroutineState;

/// The jumping range: yields 0, 1, 2, … below `up_to`; a value sent in moves the index.
///
/// `resume(None)` moves one step; `resume(Some(n))` moves by `n` (back, if negative)
/// *before* the next value is yielded, as `jump = yield index` does in Python. The first
/// resume starts the range at 0 and ignores its argument. When the index reaches
/// `up_to`, the range completes with how many values it yielded, and every later resume
/// says `Complete` with that count again.
#[derive(Debug)]
// Until the TODO is done, `up_to` is never read; the project lints with `-D warnings`.
#[allow(dead_code)]
pub struct JumpingRange {
    up_to: i64,
    // TODO: add what the range must remember between two resumes: where its body is
    // stopped (not started, at the yield, finished) and the locals it holds there. An
    // enum with one variant per place is the usual shape.
}

impl JumpingRange {
    pub fn new(up_to: i64) -> Self {
        Self { up_to }
    }

    /// Runs the body from where it stopped to its next yield (or its end).
    // Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
    #[allow(unused_variables)]
    pub fn resume(&mut self, jump: Option<i64>) -> CoroutineState<i64, usize> {
        // TODO: not started: the index is 0. At the yield: move the index by the jump
        // (1 when nothing was sent). Then yield the index if it is below `up_to`, or
        // complete with the count of values yielded. Finished: say Complete again.
        todo!("resume the jumping range")
    }
}

/// With nothing to send, the range is an ordinary iterator.
impl Iterator for JumpingRange {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        // TODO: resume with `None`; a yielded value is `Some`, completion is `None`.
        todo!("iterate the jumping range")
    }
}
