//! Step 2: `as_completed`: each output as soon as its job is done.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: as_completed
/// Starts the jobs on `workers` processes and returns at once. The receiver yields
/// `(index of the job in jobs, output)` in the order the jobs finish, and ends after
/// the last one.
pub fn as_completed(program: &Path, workers: usize, jobs: Vec<Job>) -> Receiver<(usize, Output)> {
    let (tx, rx) = mpsc::channel();
    let queue: VecDeque<(usize, Job)> = jobs.into_iter().enumerate().collect();
    let queue = Arc::new(Mutex::new(queue));
    for _ in 0..workers.max(1) {
        // Each thread owns what it uses: it outlives this function.
        let (tx, queue, program) = (tx.clone(), Arc::clone(&queue), program.to_path_buf());
        thread::spawn(move || {
            let mut worker = Worker::start(&program).expect("cannot start a worker");
            loop {
                // Take the lock only to pop a job, not while the job runs.
                let next = queue.lock().unwrap().pop_front();
                let Some((i, job)) = next else { break };
                let output = worker
                    .run(&job)
                    .expect("a worker died (step 3 handles that)");
                // Sent the moment it is done. If the caller stopped listening, stop.
                if tx.send((i, output)).is_err() {
                    break;
                }
            }
            worker.stop();
        });
    }
    // Our own `tx` goes out of scope here: once every thread has dropped its clone,
    // the receiver's iterator ends.
    rx
}
// ANCHOR_END: as_completed
