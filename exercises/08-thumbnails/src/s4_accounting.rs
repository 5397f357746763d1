//! Step 4: a batch where some items fail: every item is accounted for, and one bad
//! image never stops the rest.

use std::sync::Arc;

// What the TODO needs; unused until it is done (the project lints with `-D warnings`).
#[allow(unused_imports)]
use tokio::sync::mpsc;

// What the TODO needs; unused until it is done (the project lints with `-D warnings`).
#[allow(unused_imports)]
use crate::stages::{Failure, Stage, Stages, Summary};

/// What travels down the pipeline: the item's data so far, or why it failed.
#[allow(dead_code)] // used once the TODO is done
type Item<T> = (u64, Result<T, Failure>);

/// Runs every id through the three stages (joined by channels of `capacity`) and
/// returns the summary: each id either in `ok` or in `failed`, with stage and reason.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn run_batch<S: Stages>(stages: Arc<S>, ids: Vec<u64>, capacity: usize) -> Summary {
    // TODO: the pipeline of step 3, but a failure is a value, not the end: send each
    // item on as `(id, Result<_, Failure>)`, let a stage pass a failed item straight
    // through, and let the last stage put every item into `ok` or `failed`.
    todo!("run the batch and account for every item")
}
