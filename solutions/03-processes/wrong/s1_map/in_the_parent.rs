//! Wrong: runs each job with `job::run`, here in the caller's process: no worker at all
//! Expect: ran in the test's own process

use std::path::Path;

use crate::job::{self, Job, Output};

// ANCHOR: mistake
/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
#[allow(unused_variables)]
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    jobs.iter().map(job::run).collect()
}
// ANCHOR_END: mistake
