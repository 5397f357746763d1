//! Wrong: runs the jobs on threads of the caller's process instead of in worker processes
//! Expect: ran in the test's own process

use std::path::Path;
use std::thread;

use crate::job::{self, Job, Output};

// ANCHOR: mistake
/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
#[allow(unused_variables)]
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    thread::scope(|s| {
        let handles: Vec<_> = jobs.iter().map(|job| s.spawn(|| job::run(job))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
// ANCHOR_END: mistake
