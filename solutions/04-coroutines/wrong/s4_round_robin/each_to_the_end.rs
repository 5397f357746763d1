//! Wrong: runs each coroutine to its end before starting the next
//! Expect: each coroutine ran to its end before the next one started

use crate::generator::{BoxGen, CoroutineState};

// ANCHOR: mistake
/// Runs the coroutines until all have completed; returns what they yielded, in order.
pub fn round_robin(coroutines: Vec<BoxGen<String, (), ()>>) -> Vec<String> {
    let mut order = Vec::new();
    for mut coroutine in coroutines {
        while let CoroutineState::Yielded(what) = coroutine.resume(()) {
            order.push(what);
        }
    }
    order
}
// ANCHOR_END: mistake
