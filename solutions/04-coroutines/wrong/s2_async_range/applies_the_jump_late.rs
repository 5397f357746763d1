//! Wrong: moves by the step sent one resume earlier, keeping the new one for next time
//! Expect: applied one resume late

use crate::generator::{BoxGen, Co, Gen};

// ANCHOR: mistake
/// The jumping range as a generator.
pub fn jumping_range(up_to: i64) -> BoxGen<i64, Option<i64>, usize> {
    Gen::boxed(move |co: Co<i64, Option<i64>>| async move {
        let (mut index, mut yielded, mut step) = (0, 0, 1);
        while index < up_to {
            let jump = co.yield_(index).await;
            yielded += 1;
            index += step;
            step = jump.unwrap_or(1);
        }
        yielded
    })
}
// ANCHOR_END: mistake
