//! Step 1: a pool of worker processes, and `map` that keeps the input order.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: map
/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    // The next job to hand out, and a place for each output at its job's index.
    let next = AtomicUsize::new(0);
    let outputs: Mutex<Vec<Option<Output>>> = Mutex::new(vec![None; jobs.len()]);
    // `Worker::run` blocks until its job is done, so each worker gets a thread of its
    // own in this process: that thread only waits; the work happens in the worker.
    thread::scope(|s| {
        for _ in 0..workers.max(1) {
            s.spawn(|| {
                let mut worker = Worker::start(program).expect("cannot start a worker");
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let output = worker
                        .run(job)
                        .expect("a worker died (step 3 handles that)");
                    outputs.lock().unwrap()[i] = Some(output);
                }
                worker.stop();
            });
        }
    });
    // Every index below `jobs.len()` was handed out once and filled in.
    let outputs = outputs.into_inner().unwrap();
    outputs
        .into_iter()
        .map(|o| o.expect("every job ran"))
        .collect()
}
// ANCHOR_END: map
