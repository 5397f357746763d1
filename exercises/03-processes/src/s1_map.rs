//! Step 1: a pool of worker processes, and `map` that keeps the input order.

use std::path::Path;

use crate::job::{Job, Output};

/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    // TODO: start `workers` processes with `Worker::start(program)`, once each, and
    // share the jobs out among them. `Worker::run` blocks until its job is done, so each
    // worker needs a thread of its own here (`std::thread::scope`). Put each output at
    // its job's index, whatever order they finish in.
    todo!("run the jobs on a pool of worker processes")
}
