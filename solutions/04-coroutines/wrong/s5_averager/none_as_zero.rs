//! Wrong: reads a missing number as 0, so sending None never ends the averager
//! Expect: sending None must end the averager

use crate::generator::{BoxGen, Co, Gen};

// ANCHOR: mistake
/// A running average of the numbers sent in.
pub fn averager() -> BoxGen<Option<f64>, Option<f64>, usize> {
    Gen::boxed(|co: Co<Option<f64>, Option<f64>>| async move {
        let (mut total, mut count, mut mean) = (0.0, 0, None);
        loop {
            let term = co.yield_(mean).await.unwrap_or(0.0);
            total += term;
            count += 1;
            mean = Some(total / count as f64);
        }
    })
}
// ANCHOR_END: mistake
