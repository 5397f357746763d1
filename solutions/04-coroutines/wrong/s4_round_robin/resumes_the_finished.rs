//! Wrong: goes round all coroutines each turn, finished ones too, until a whole turn yields nothing
//! Expect: resumed after it completed

use crate::generator::{BoxGen, CoroutineState};

// ANCHOR: mistake
/// Runs the coroutines until all have completed; returns what they yielded, in order.
pub fn round_robin(mut coroutines: Vec<BoxGen<String, (), ()>>) -> Vec<String> {
    let mut order = Vec::new();
    loop {
        let mut any = false;
        for coroutine in &mut coroutines {
            if let CoroutineState::Yielded(what) = coroutine.resume(()) {
                order.push(what);
                any = true;
            }
        }
        if !any {
            return order;
        }
    }
}
// ANCHOR_END: mistake
