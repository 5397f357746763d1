//! Wrong: runs everything first, then sends the outputs in input order, as `map` would
//! Expect: send each output the moment

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: mistake
/// Starts the jobs on `workers` processes and returns at once. The receiver yields
/// `(index of the job in jobs, output)` in the order the jobs finish, and ends after
/// the last one.
pub fn as_completed(program: &Path, workers: usize, jobs: Vec<Job>) -> Receiver<(usize, Output)> {
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
                    outputs.lock().unwrap().push((i, output));
                }
                worker.stop();
            });
        }
    });
    let mut outputs = outputs.into_inner().unwrap();
    outputs.sort_by_key(|(i, _)| *i);
    let (tx, rx) = mpsc::channel();
    for output in outputs {
        tx.send(output).unwrap();
    }
    rx
}
// ANCHOR_END: mistake
