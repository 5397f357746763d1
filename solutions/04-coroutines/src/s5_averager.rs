//! Step 5: a coroutine that is fed values: a running average.

use crate::generator::{BoxGen, Co, Gen};

/// A coroutine fed numbers by `resume(Some(x))`: each time, it yields the mean of all
/// the numbers fed so far. `resume(None)` ends it, and it completes with how many
/// numbers it was fed.
///
/// The first resume only starts it (its argument has nowhere to go: the body is not
/// stopped at a yield yet), and it yields `None`: no mean yet.
pub fn averager() -> BoxGen<Option<f64>, Option<f64>, usize> {
    Gen::boxed(|co: Co<Option<f64>, Option<f64>>| async move {
        let (mut total, mut count, mut mean) = (0.0, 0, None);
        // The mean and the total are the coroutine's own state, kept across the
        // suspensions; whoever feeds it sees only what it yields.
        while let Some(term) = co.yield_(mean).await {
            total += term;
            count += 1;
            mean = Some(total / count as f64);
        }
        count
    })
}
