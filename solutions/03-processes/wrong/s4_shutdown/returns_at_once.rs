//! Wrong: closes the queue but does not wait for the slot threads: shutdown returns while jobs still run
//! Expect: not finished when shutdown returned

use std::io;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use crate::job::{Job, Output};
use crate::worker::Worker;

/// A job, and where its output goes.
type Task = (Job, Sender<Output>);

/// A pool of worker processes fed from one queue.
#[derive(Debug)]
pub struct Pool {
    /// Where `submit` puts jobs. `None` once the pool is shutting down.
    queue: Option<Sender<Task>>,
    /// One thread per worker process: takes a job, runs it there, sends the output.
    slots: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `workers` worker processes, each with its slot thread.
    pub fn start(program: &Path, workers: usize) -> io::Result<Pool> {
        let (queue, waiting) = mpsc::channel::<Task>();
        let waiting = Arc::new(Mutex::new(waiting));
        let mut slots = Vec::new();
        for _ in 0..workers.max(1) {
            let mut worker = Worker::start(program)?;
            let waiting = Arc::clone(&waiting);
            slots.push(thread::spawn(move || {
                loop {
                    // The lock is held while waiting for a task, not while running it.
                    let task = waiting.lock().unwrap().recv();
                    // `recv` fails once every Sender is gone *and* the queue is empty:
                    // queued tasks are still handed out after the queue is closed.
                    let Ok((job, reply)) = task else { break };
                    if let Ok(output) = worker.run(&job) {
                        let _ = reply.send(output);
                    }
                }
                worker.stop();
            }));
        }
        Ok(Pool {
            queue: Some(queue),
            slots,
        })
    }

    /// Queues a job; its output arrives on the returned receiver.
    pub fn submit(&self, job: Job) -> Receiver<Output> {
        let (reply, output) = mpsc::channel();
        if let Some(queue) = &self.queue {
            // The slots hold the receiving end as long as the pool lives.
            let _ = queue.send((job, reply));
        }
        output
    }

    // ANCHOR: mistake
    /// Lets every queued and running job finish, then stops the workers and waits for
    /// them: when this returns, every job has its output and no worker is left.
    pub fn shutdown(mut self) {
        drop(self.queue.take());
        // The slot threads are left to finish on their own.
        self.slots.clear();
    }
    // ANCHOR_END: mistake
}
