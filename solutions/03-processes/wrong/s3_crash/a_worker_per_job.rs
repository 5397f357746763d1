//! Wrong: starts a fresh worker process for every job (and every try) instead of keeping one until it dies
//! Expect: keep one worker for job after job

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
    let mut results = Vec::new();
    for job in jobs {
        let mut tries = 0;
        let result = loop {
            tries += 1;
            let mut worker = Worker::start(program).expect("cannot start a worker");
            match worker.run(job) {
                Ok(output) => {
                    worker.stop();
                    break Ok(output);
                }
                Err(died) if tries >= max_tries => {
                    break Err(Failed {
                        reason: died.reason,
                        tries,
                    });
                }
                Err(_) => {}
            }
        };
        results.push(result);
    }
    results
}
// ANCHOR_END: mistake
