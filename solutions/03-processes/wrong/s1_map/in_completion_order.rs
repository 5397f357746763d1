//! Wrong: collects the outputs in the order the jobs finish, not in the order of the jobs
//! Expect: in the order they finished

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: mistake
/// Runs every job on a pool of `workers` processes (each one `program worker`) and
/// returns the outputs in the order of `jobs`, as Python's `Pool.map` does.
pub fn map(program: &Path, workers: usize, jobs: Vec<Job>) -> Vec<Output> {
    let next = AtomicUsize::new(0);
    let outputs = Mutex::new(Vec::new());
    thread::scope(|s| {
        for _ in 0..workers.max(1) {
            s.spawn(|| {
                let mut worker = Worker::start(program).expect("cannot start a worker");
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let output = worker.run(job).expect("a worker died");
                    outputs.lock().unwrap().push(output);
                }
                worker.stop();
            });
        }
    });
    outputs.into_inner().unwrap()
}
// ANCHOR_END: mistake
