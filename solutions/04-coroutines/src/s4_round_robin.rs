//! Step 4: a round-robin scheduler: several coroutines take turns on one thread.

use std::collections::VecDeque;

use crate::generator::{BoxGen, CoroutineState};

/// Runs the coroutines by turns until all have completed, and returns what they yielded,
/// in the order they yielded it.
///
/// Resume the first; if it yielded, it goes to the back of the queue; if it completed,
/// it leaves the queue for good (a finished generator must not be resumed again).
pub fn round_robin(coroutines: Vec<BoxGen<String, (), ()>>) -> Vec<String> {
    let mut queue = VecDeque::from(coroutines);
    let mut order = Vec::new();
    while let Some(mut coroutine) = queue.pop_front() {
        match coroutine.resume(()) {
            CoroutineState::Yielded(what) => {
                order.push(what);
                queue.push_back(coroutine);
            }
            // Finished: dropped here, never resumed again.
            CoroutineState::Complete(()) => {}
        }
    }
    order
}
