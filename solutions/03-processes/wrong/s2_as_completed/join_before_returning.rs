//! Wrong: sends each output as its job finishes, but waits for all the threads before returning the receiver
//! Expect: held job 1's output back

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::job::{Job, Output};
use crate::worker::Worker;

// ANCHOR: mistake
/// Starts the jobs on `workers` processes and returns at once. The receiver yields
/// `(index of the job in jobs, output)` in the order the jobs finish, and ends after
/// the last one.
pub fn as_completed(program: &Path, workers: usize, jobs: Vec<Job>) -> Receiver<(usize, Output)> {
    let (tx, rx) = mpsc::channel();
    let queue: VecDeque<(usize, Job)> = jobs.into_iter().enumerate().collect();
    let queue = Arc::new(Mutex::new(queue));
    let mut threads = Vec::new();
    for _ in 0..workers.max(1) {
        let (tx, queue, program) = (tx.clone(), Arc::clone(&queue), program.to_path_buf());
        threads.push(thread::spawn(move || {
            let mut worker = Worker::start(&program).expect("cannot start a worker");
            loop {
                let next = queue.lock().unwrap().pop_front();
                let Some((i, job)) = next else { break };
                let output = worker.run(&job).expect("a worker died");
                let _ = tx.send((i, output));
            }
            worker.stop();
        }));
    }
    // Waits here until every job is done: the caller gets nothing before that.
    for thread in threads {
        thread.join().unwrap();
    }
    rx
}
// ANCHOR_END: mistake
