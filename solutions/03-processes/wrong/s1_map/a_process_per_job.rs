//! Wrong: starts a new worker process for every job instead of a pool of `workers` reused ones
//! Expect: different processes

use std::path::Path;
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: mistake
/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
#[allow(unused_variables)]
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                s.spawn(move || {
                    let mut worker = Worker::start(program).expect("cannot start a worker");
                    let output = worker.run(job).expect("a worker died");
                    worker.stop();
                    output
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
// ANCHOR_END: mistake
