//! Wrong: awaits the yield but throws away the value it returns, so jumps are ignored
//! Expect: ignored the values sent in

use crate::generator::{BoxGen, Co, Gen};

// ANCHOR: mistake
/// The jumping range as a generator.
pub fn jumping_range(up_to: i64) -> BoxGen<i64, Option<i64>, usize> {
    Gen::boxed(move |co: Co<i64, Option<i64>>| async move {
        let (mut index, mut yielded) = (0, 0);
        while index < up_to {
            co.yield_(index).await;
            yielded += 1;
            index += 1;
        }
        yielded
    })
}
// ANCHOR_END: mistake
