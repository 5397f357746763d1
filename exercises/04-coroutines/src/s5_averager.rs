//! Step 5: a coroutine that is fed values: a running average.

use crate::generator::BoxGen;

/// A coroutine fed numbers by `resume(Some(x))`: each time, it yields the mean of all
/// the numbers fed so far. `resume(None)` ends it, and it completes with how many
/// numbers it was fed.
///
/// The first resume only starts it (its argument has nowhere to go: the body is not
/// stopped at a yield yet), and it yields `None`: no mean yet.
pub fn averager() -> BoxGen<Option<f64>, Option<f64>, usize> {
    // TODO: `Gen::boxed(|co: Co<Option<f64>, Option<f64>>| async move { … })`: keep a
    // total and a count; in a loop, yield the mean so far and look at what comes back:
    // a number is added in, `None` ends the body with the count.
    todo!("average what is sent in")
}
