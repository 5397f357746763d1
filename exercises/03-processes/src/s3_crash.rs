//! Step 3: survive a crashed worker: replace it, retry the job, or report it failed.

use std::path::Path;

use crate::job::{Job, Output};

/// A job that could not be done: its worker died each time it was tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// How the worker died the last time (`Died::reason`).
    pub reason: String,
    /// How many times the job was tried.
    pub tries: u32,
}

/// Runs the jobs one after another on one worker process and returns one result per
/// job, in order. When the worker dies under a job, a new worker takes its place and the
/// job is tried again, up to `max_tries` times in all; then it is reported as failed.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub fn run_all(program: &Path, jobs: &[Job], max_tries: u32) -> Vec<Result<Output, Failed>> {
    // TODO: keep an `Option<Worker>`. For each job, try up to `max_tries` times: start a
    // worker if there is none, `run` the job; on `Err(died)` the process is gone, so set
    // the option to `None` (a new one is started for the next try). Push exactly one
    // result per job: its output, or `Failed` with the last reason and the tries.
    todo!("run every job, surviving crashed workers")
}
