//! Wrong: starts the workers but drives them from one thread, so each job waits for the one before
//! Expect: never ran at the same time

use std::path::Path;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: mistake
/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    let mut pool: Vec<Worker> = (0..workers.max(1))
        .map(|_| Worker::start(program).expect("cannot start a worker"))
        .collect();
    let n = pool.len();
    let outputs = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| pool[i % n].run(job).expect("a worker died"))
        .collect();
    for worker in pool {
        worker.stop();
    }
    outputs
}
// ANCHOR_END: mistake
