//! Wrong: retries a crashing job until it succeeds, ignoring `max_tries`: a job that always crashes never ends
//! Expect: must be given up after max_tries

use std::path::Path;

use crate::job::{Job, Output};
use crate::worker::Worker;

/// A job that could not be done: its worker died each time it was tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// How the worker died the last time (`Died::reason`).
    pub reason: String,
    /// How many times the job was tried.
    pub tries: u32,
}

// ANCHOR: mistake
/// Runs the jobs one after another on one worker process and returns one result per
/// job, in order. When the worker dies under a job, a new worker takes its place and the
/// job is tried again, up to `max_tries` times in all; then it is reported as failed.
pub fn run_all(program: &Path, jobs: &[Job], max_tries: u32) -> Vec<Result<Output, Failed>> {
    let _ = max_tries;
    let mut worker = Worker::start(program).expect("cannot start a worker");
    let mut results = Vec::new();
    for job in jobs {
        let output = loop {
            match worker.run(job) {
                Ok(output) => break output,
                Err(_) => worker = Worker::start(program).expect("cannot start a worker"),
            }
        };
        results.push(Ok(output));
    }
    worker.stop();
    results
}
// ANCHOR_END: mistake
