//! Step 4: a round-robin scheduler: several coroutines take turns on one thread.

use crate::generator::BoxGen;

/// Runs the coroutines by turns until all have completed, and returns what they yielded,
/// in the order they yielded it.
///
/// Resume the first; if it yielded, it goes to the back of the queue; if it completed,
/// it leaves the queue for good (a finished generator must not be resumed again).
#[allow(unused_variables)]
pub fn round_robin(coroutines: Vec<BoxGen<String, (), ()>>) -> Vec<String> {
    // TODO: a `std::collections::VecDeque` as the queue; `pop_front`, resume, and
    // `push_back` what yielded.
    todo!("take turns")
}
