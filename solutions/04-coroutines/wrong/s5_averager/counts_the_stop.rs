//! Wrong: counts every resume, the None that stops it included
//! Expect: the None that ends it is not a number

use crate::generator::{BoxGen, Co, Gen};

// ANCHOR: mistake
/// A running average of the numbers sent in.
pub fn averager() -> BoxGen<Option<f64>, Option<f64>, usize> {
    Gen::boxed(|co: Co<Option<f64>, Option<f64>>| async move {
        let (mut total, mut count, mut mean) = (0.0, 0, None);
        loop {
            let term = co.yield_(mean).await;
            count += 1;
            let Some(term) = term else {
                return count;
            };
            total += term;
            mean = Some(total / count as f64);
        }
    })
}
// ANCHOR_END: mistake
