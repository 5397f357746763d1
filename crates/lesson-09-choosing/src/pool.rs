//! A plain fixed-size thread pool: `n` threads taking boxed jobs from one shared queue.
//!
//! The shape of Python's `ThreadPoolExecutor` and of most pools: the threads are made
//! once, and a job waits in the queue until a thread is free. So at most `n` jobs run
//! (or wait on IO) at a time, whatever the number of jobs.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

type Work = Box<dyn FnOnce() + Send>;

pub struct ThreadPool {
    queue: Option<Sender<Work>>,
    threads: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    pub fn new(size: usize) -> Self {
        let (queue, jobs) = mpsc::channel::<Work>();
        let jobs = Arc::new(Mutex::new(jobs));
        let threads = (0..size.max(1))
            .map(|_| {
                let jobs = Arc::clone(&jobs);
                thread::spawn(move || worker(&jobs))
            })
            .collect();
        Self {
            queue: Some(queue),
            threads,
        }
    }

    /// Queues `work`; a free thread will run it.
    pub fn execute(&self, work: impl FnOnce() + Send + 'static) {
        if let Some(queue) = &self.queue {
            // The workers hold the receiver until the pool is dropped, so this cannot fail.
            let _ = queue.send(Box::new(work));
        }
    }
}

fn worker(jobs: &Mutex<Receiver<Work>>) {
    loop {
        // The lock is held only while taking a job, not while running it.
        let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match next {
            Ok(work) => work(),
            Err(_) => return, // The pool is gone: no more jobs will come.
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        // Closing the queue tells every worker to finish once it is empty.
        drop(self.queue.take());
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::mpsc;

    use super::*;

    #[test]
    fn every_job_runs_on_one_of_the_pool_s_threads() {
        let (tx, rx) = mpsc::channel();
        {
            let pool = ThreadPool::new(3);
            for i in 0..30 {
                let tx = tx.clone();
                pool.execute(move || tx.send((i, thread::current().id())).unwrap());
            }
        } // Dropping the pool waits for its queue to empty.
        drop(tx);
        let done: Vec<_> = rx.iter().collect();
        assert_eq!(done.len(), 30, "every job ran once");
        let threads: HashSet<_> = done.iter().map(|(_, t)| *t).collect();
        assert!(
            threads.len() <= 3,
            "at most the pool's 3 threads: {}",
            threads.len()
        );
        assert!(
            !threads.contains(&thread::current().id()),
            "never the caller's thread"
        );
    }
}
