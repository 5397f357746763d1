//! Step 3: survive a crashed worker: replace it, retry the job, or report it failed.

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

// ANCHOR: run_all
/// Runs the jobs one after another on one worker process and returns one result per
/// job, in order. When the worker dies under a job, a new worker takes its place and the
/// job is tried again, up to `max_tries` times in all; then it is reported as failed.
pub fn run_all(program: &Path, jobs: &[Job], max_tries: u32) -> Vec<Result<Output, Failed>> {
    let mut worker: Option<Worker> = None;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        let mut tries = 0;
        let result = loop {
            tries += 1;
            let current = match &mut worker {
                Some(w) => w,
                None => worker.insert(Worker::start(program).expect("cannot start a worker")),
            };
            match current.run(job) {
                Ok(output) => break Ok(output),
                Err(died) => {
                    // That process is gone; the next try (or job) gets a new one.
                    worker = None;
                    if tries >= max_tries {
                        break Err(Failed {
                            reason: died.reason,
                            tries,
                        });
                    }
                }
            }
        };
        // Exactly one result per job, whatever happened on the way.
        results.push(result);
    }
    if let Some(worker) = worker {
        worker.stop();
    }
    results
}
// ANCHOR_END: run_all
