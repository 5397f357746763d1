//! One interface over processes and threads, as Python's `concurrent.futures` has it.
//!
//! An executor takes jobs with [`Executor::submit`] and hands back a [`Handle`] (Python's
//! `Future`). `map` and [`as_completed`] are written once, on top of `submit`, so they
//! work the same for every executor: a caller switches from processes to threads by
//! changing the one line that builds the executor.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossbeam_channel::{Receiver, Select, Sender};
use kit::timeline::Timeline;

use crate::job::{self, Job, Output};

/// What a job came to: its output, or why there is none.
pub type JobResult = Result<Output, JobError>;

/// Why a job has no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// Its worker process died each time the job was tried (the reason of the last).
    Crashed { reason: String, tries: u32 },
    /// It ran past its deadline; its worker was killed.
    TimedOut { after: Duration },
    /// It panicked on a thread (threads catch the panic; the process lives on).
    Panicked(String),
    /// The executor was dropped before the job could finish.
    Cancelled,
    /// A worker process could not be started.
    Spawn(String),
    /// The executor went away without a word (a bug if it ever shows).
    Lost,
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Crashed { reason, tries } => {
                let s = if *tries == 1 { "" } else { "s" };
                write!(
                    f,
                    "crashed ({tries} tr{}: {reason})",
                    if s.is_empty() { "y" } else { "ies" }
                )
            }
            JobError::TimedOut { after } => {
                write!(f, "timed out after {} ms, worker killed", after.as_millis())
            }
            JobError::Panicked(message) => write!(f, "panicked: {message}"),
            JobError::Cancelled => write!(f, "cancelled: the executor was dropped"),
            JobError::Spawn(err) => write!(f, "cannot start a worker: {err}"),
            JobError::Lost => write!(f, "lost: the executor ended without an answer"),
        }
    }
}

// ANCHOR: handle
/// A job submitted and not yet collected: Python's `Future`.
#[derive(Debug)]
pub struct Handle {
    result: Receiver<JobResult>,
}

impl Handle {
    /// A handle, and the sender its executor answers on (once).
    pub fn new() -> (Sender<JobResult>, Handle) {
        let (tx, rx) = crossbeam_channel::bounded(1);
        (tx, Handle { result: rx })
    }

    /// Blocks until the job is done.
    pub fn wait(self) -> JobResult {
        self.result.recv().unwrap_or(Err(JobError::Lost))
    }
}
// ANCHOR_END: handle

// ANCHOR: executor
/// Something that runs jobs: a process pool, a thread pool, rayon.
pub trait Executor {
    /// A short name for tables.
    fn name(&self) -> String;

    /// Queues a job and returns at once; the handle gives its result later.
    fn submit(&self, job: Job) -> Handle;

    /// Runs every job and returns their results in input order (Python's `map`):
    /// submit them all first, so they run together, then wait for each in turn.
    fn map(&self, jobs: Vec<Job>) -> Vec<JobResult> {
        let handles: Vec<Handle> = jobs.into_iter().map(|job| self.submit(job)).collect();
        handles.into_iter().map(Handle::wait).collect()
    }
}

/// Yields `(input index, result)` as each job finishes: completion order, not input
/// order (Python's `as_completed`). crossbeam's `Select` waits on all the handles at once.
pub fn as_completed(handles: Vec<Handle>) -> impl Iterator<Item = (usize, JobResult)> {
    let mut pending: Vec<(usize, Handle)> = handles.into_iter().enumerate().collect();
    std::iter::from_fn(move || {
        if pending.is_empty() {
            return None;
        }
        let mut select = Select::new();
        for (_, handle) in &pending {
            select.recv(&handle.result);
        }
        let ready = select.select();
        let at = ready.index();
        let result = ready
            .recv(&pending[at].1.result)
            .unwrap_or(Err(JobError::Lost));
        let (index, _) = pending.swap_remove(at);
        Some((index, result))
    })
}
// ANCHOR_END: executor

/// A job and where its result goes, as queued for a thread.
type Queued = (u64, Job, Sender<JobResult>);

// ANCHOR: thread_pool
/// N threads taking jobs from one crossbeam channel: the jobs run in this process.
pub struct ThreadPool {
    queue: Option<Sender<Queued>>,
    threads: Vec<JoinHandle<()>>,
    next: AtomicU64,
}

impl ThreadPool {
    pub fn new(threads: usize, timeline: Option<Timeline>) -> Self {
        let (queue, jobs) = crossbeam_channel::unbounded::<Queued>();
        let threads = (0..threads.max(1))
            .map(|_| {
                let jobs = jobs.clone();
                let timeline = timeline.clone();
                // The loop ends when the pool drops the sender and the queue is empty.
                thread::spawn(move || {
                    for (id, job, reply) in jobs {
                        let _ = reply.send(run_here(id, &job, timeline.as_ref()));
                    }
                })
            })
            .collect();
        Self {
            queue: Some(queue),
            threads,
            next: AtomicU64::new(1),
        }
    }
}

impl Executor for ThreadPool {
    fn name(&self) -> String {
        format!("thread pool ({} threads)", self.threads.len())
    }

    fn submit(&self, job: Job) -> Handle {
        let (tx, handle) = Handle::new();
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        if let Some(queue) = &self.queue {
            // The threads hold the receiver until the pool is dropped: this cannot fail.
            let _ = queue.send((id, job, tx));
        }
        handle
    }
}

impl Drop for ThreadPool {
    /// Finishes the queued jobs, then joins the threads (a thread cannot be killed).
    fn drop(&mut self) {
        self.queue = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
// ANCHOR_END: thread_pool

// ANCHOR: rayon
/// rayon's work-stealing pool behind the same interface.
pub struct Rayon {
    pool: rayon::ThreadPool,
    timeline: Option<Timeline>,
    next: AtomicU64,
}

impl Rayon {
    pub fn new(
        threads: usize,
        timeline: Option<Timeline>,
    ) -> Result<Self, rayon::ThreadPoolBuildError> {
        Ok(Self {
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build()?,
            timeline,
            next: AtomicU64::new(1),
        })
    }
}

impl Executor for Rayon {
    fn name(&self) -> String {
        format!("rayon ({} threads)", self.pool.current_num_threads())
    }

    fn submit(&self, job: Job) -> Handle {
        let (tx, handle) = Handle::new();
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let timeline = self.timeline.clone();
        self.pool.spawn(move || {
            let _ = tx.send(run_here(id, &job, timeline.as_ref()));
        });
        handle
    }
}
// ANCHOR_END: rayon

/// Runs a job on the calling thread, a panic caught and reported.
fn run_here(id: u64, job: &Job, timeline: Option<&Timeline>) -> JobResult {
    let _span = timeline.map(|t| t.span(format!("{id} {}", job.label())));
    catch_unwind(AssertUnwindSafe(|| job::run(job))).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        JobError::Panicked(message)
    })
}

/// Runs the jobs one after another on this thread: the baseline every speed-up is over.
pub struct Sequential;

impl Executor for Sequential {
    fn name(&self) -> String {
        "sequential (this thread)".to_string()
    }

    fn submit(&self, job: Job) -> Handle {
        let (tx, handle) = Handle::new();
        let _ = tx.send(run_here(0, &job, None));
        handle
    }
}
