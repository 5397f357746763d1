//! Wrong: one thread runs every job on one worker, so the jobs run one after another
//! Expect: ran one after another

use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: mistake
/// Starts the jobs on `workers` processes and returns at once. The receiver yields
/// `(index of the job in jobs, output)` in the order the jobs finish, and ends after
/// the last one.
#[allow(unused_variables)]
pub fn as_completed(program: &Path, workers: usize, jobs: Vec<Job>) -> Receiver<(usize, Output)> {
    let (tx, rx) = mpsc::channel();
    let program = program.to_path_buf();
    thread::spawn(move || {
        let mut worker = Worker::start(&program).expect("cannot start a worker");
        for (i, job) in jobs.iter().enumerate() {
            let output = worker.run(job).expect("a worker died");
            let _ = tx.send((i, output));
        }
        worker.stop();
    });
    rx
}
// ANCHOR_END: mistake
