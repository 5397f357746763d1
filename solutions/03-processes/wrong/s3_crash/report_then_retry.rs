//! Wrong: reports a failure each time the worker dies, then retries and reports again: one job, two results
//! Expect: reported twice

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
    let mut worker = Worker::start(program).expect("cannot start a worker");
    let mut results = Vec::new();
    for job in jobs {
        for tries in 1..=max_tries {
            match worker.run(job) {
                Ok(output) => {
                    results.push(Ok(output));
                    break;
                }
                Err(died) => {
                    results.push(Err(Failed {
                        reason: died.reason,
                        tries,
                    }));
                    worker = Worker::start(program).expect("cannot start a worker");
                }
            }
        }
    }
    worker.stop();
    results
}
// ANCHOR_END: mistake
