//! Step 5: stop a running pipeline cleanly: take no new work, let what is inside finish.

use std::sync::Arc;

// What the TODO needs; unused until it is done (the project lints with `-D warnings`).
#[allow(unused_imports)]
use tokio::sync::{mpsc, watch};

use crate::stages::{Stages, Summary};

/// What a stopped batch leaves: the items that went through, and those never started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drained {
    pub summary: Summary,
    /// Ids not downloaded because the stop came first, in batch order.
    pub not_started: Vec<u64>,
}

/// Runs the pipeline of step 3 until the batch ends or `stop` turns `true`. After the
/// stop, no new download starts, but every image already downloaded is resized and
/// uploaded: the pipeline drains, then the function returns.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn run_until_stopped<S: Stages>(
    stages: Arc<S>,
    ids: Vec<u64>,
    capacity: usize,
    stop: watch::Receiver<bool>,
) -> Drained {
    // TODO: the pipeline of step 3, where the download stage checks `*stop.borrow()`
    // before each new download and, once it is set, ends, handing back the ids it did
    // not start (return them from its task). Do not abort the other stages: they end
    // by themselves when their input ends, after finishing what is in the channels.
    todo!("stop taking work, drain the rest")
}
