//! Step 2: the same jumping range, written as straight-line code on the generator library.

use crate::generator::{BoxGen, Co, Gen};

/// The jumping range of step 1 (same rules: a jump sent in moves the index before the
/// next value; completes with the count of values yielded), as a generator whose body
/// reads like Python's.
pub fn jumping_range(up_to: i64) -> BoxGen<i64, Option<i64>, usize> {
    Gen::boxed(move |co: Co<i64, Option<i64>>| async move {
        let (mut index, mut yielded) = (0, 0);
        while index < up_to {
            // Suspends here; the next resume's argument comes back as `jump`.
            let jump = co.yield_(index).await;
            yielded += 1;
            index = index.saturating_add(jump.unwrap_or(1));
        }
        yielded
    })
}
