//! The process pool: N long-lived worker processes behind the [`Executor`] interface.
//!
//! Each worker has a *slot*: a thread in the parent that takes the next job from the
//! shared queue, sends it down the worker's pipe and waits for the reply. The slot is
//! also where faults are handled, because it is the one that notices them:
//!
//! - the worker died mid-job (a panic, an abort, a `kill -9`): its pipe closes; the slot
//!   reaps it, reads why it died, starts a new worker and tries the job again, up to
//!   `max_tries` times in all, then reports the job as crashed with the last reason;
//! - the job ran past its deadline: the slot kills the worker (a process can be killed;
//!   a thread cannot), reports the job as timed out and starts a new worker for the next;
//! - every job gets exactly one answer, whatever happened to the process that ran it.

use std::collections::BTreeSet;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use kit::timeline::Timeline;

use crate::executor::{Executor, Handle, JobError, JobResult};
use crate::job::Job;
use crate::worker::{CallError, RequestRef, Worker, WorkerCommand};

/// How a pool is set up.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    pub workers: usize,
    /// How many times a job is tried in all when its worker dies under it.
    pub max_tries: u32,
    /// A job still running after this long is killed with its worker.
    pub deadline: Option<Duration>,
    pub command: WorkerCommand,
    /// Where the workers' spans go, if anywhere.
    pub timeline: Option<Timeline>,
}

impl PoolConfig {
    pub fn new(workers: usize, command: WorkerCommand) -> Self {
        Self {
            workers,
            max_tries: 2,
            deadline: None,
            command,
            timeline: None,
        }
    }
}

/// What a pool did, for the demo's tables.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Worker processes started, replacements included.
    pub started: usize,
    /// Every worker process id the pool has had.
    pub pids: BTreeSet<u32>,
    /// Jobs tried again after their worker died.
    pub retried: usize,
    /// Bytes written down the pipes (frames included).
    pub bytes_sent: u64,
}

struct Task {
    id: u64,
    job: Job,
    reply: Sender<JobResult>,
}

struct Shared {
    config: PoolConfig,
    /// Set when the pool is dropped without a shutdown: slots kill their workers.
    stop: AtomicBool,
    stats: Mutex<Stats>,
    /// The pid each slot's worker has now (0: none), for the demo's `kill -9`.
    live: Mutex<Vec<u32>>,
}

impl Shared {
    fn stats(&self) -> std::sync::MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn start_worker(&self, slot: usize) -> io::Result<Worker> {
        let worker = Worker::spawn(&self.config.command)?;
        let mut stats = self.stats();
        stats.started += 1;
        stats.pids.insert(worker.pid());
        self.live.lock().unwrap_or_else(PoisonError::into_inner)[slot] = worker.pid();
        Ok(worker)
    }
}

// ANCHOR: pool
/// A pool of worker processes. Dropping it kills the workers; [`ProcessPool::shutdown`]
/// lets them finish every queued job first.
pub struct ProcessPool {
    queue: Option<Sender<Task>>,
    slots: Vec<JoinHandle<()>>,
    shared: Arc<Shared>,
    next: AtomicU64,
}

impl ProcessPool {
    /// Starts the workers now, so a start-up failure shows here and not on a job.
    pub fn start(config: PoolConfig) -> io::Result<Self> {
        let n = config.workers.max(1);
        let shared = Arc::new(Shared {
            config,
            stop: AtomicBool::new(false),
            stats: Mutex::new(Stats::default()),
            live: Mutex::new(vec![0; n]),
        });
        let (queue, tasks) = crossbeam_channel::unbounded();
        let mut slots = Vec::with_capacity(n);
        for slot in 0..n {
            let worker = shared.start_worker(slot)?;
            let (shared, tasks) = (Arc::clone(&shared), tasks.clone());
            slots.push(thread::spawn(move || {
                run_slot(&shared, slot, worker, &tasks)
            }));
        }
        Ok(Self {
            queue: Some(queue),
            slots,
            shared,
            next: AtomicU64::new(1),
        })
    }

    /// The worker pids right now, one per slot (for the demo's `kill -9`).
    pub fn worker_pids(&self) -> Vec<u32> {
        self.shared
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What the pool has done so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats().clone()
    }

    /// Finishes every queued and running job, then stops the workers and waits for them.
    pub fn shutdown(mut self) -> Stats {
        self.finish();
        self.stats()
    }

    fn finish(&mut self) {
        // No more jobs: once the queue is empty, each slot's loop ends, and the slot
        // closes its worker's input, which ends the worker.
        self.queue = None;
        for slot in self.slots.drain(..) {
            let _ = slot.join();
        }
    }
}

impl Drop for ProcessPool {
    /// Dropped without a shutdown (a panic, an early return): kill, don't wait.
    fn drop(&mut self) {
        if !self.slots.is_empty() {
            self.shared.stop.store(true, Ordering::SeqCst);
            self.finish();
        }
    }
}

impl Executor for ProcessPool {
    fn name(&self) -> String {
        format!("process pool ({} workers)", self.slots.len())
    }

    fn submit(&self, job: Job) -> Handle {
        let (reply, handle) = Handle::new();
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        if let Some(queue) = &self.queue {
            // The slots keep the receiver alive as long as the pool exists.
            let _ = queue.send(Task { id, job, reply });
        }
        handle
    }
}
// ANCHOR_END: pool

// ANCHOR: slot
/// One slot's loop: a job at a time, on this slot's worker, replaced when it dies.
fn run_slot(shared: &Shared, slot: usize, worker: Worker, tasks: &Receiver<Task>) {
    let mut worker = Some(worker);
    for task in tasks {
        let result = if shared.stop.load(Ordering::SeqCst) {
            Err(JobError::Cancelled)
        } else {
            run_task(shared, slot, &mut worker, &task)
        };
        // The caller may have dropped its handle; the job is done either way.
        let _ = task.reply.send(result);
    }
    if let Some(worker) = worker {
        shared.stats().bytes_sent += worker.sent;
        let _ = worker.stop();
    }
}

/// Runs one job to an answer: its output, or why there is none. Never gives up silently.
fn run_task(shared: &Shared, slot: usize, worker: &mut Option<Worker>, task: &Task) -> JobResult {
    let config = &shared.config;
    let request = RequestRef {
        id: task.id,
        job: &task.job,
        trace: config.timeline.is_some(),
    };
    let stop = || shared.stop.load(Ordering::SeqCst);
    let mut last_reason = String::new();
    for attempt in 1..=config.max_tries.max(1) {
        let current = match worker {
            Some(w) => w,
            None => match shared.start_worker(slot) {
                Ok(w) => worker.insert(w),
                Err(err) => return Err(JobError::Spawn(err.to_string())),
            },
        };
        let outcome = current.call(&request, config.deadline, &stop);
        if outcome.is_err() {
            // The worker is dead (or was killed) and reaped: the next job gets a new one.
            if let Some(dead) = worker.take() {
                shared.stats().bytes_sent += dead.sent;
            }
        }
        match outcome {
            Ok(reply) => {
                if let Some(timeline) = &config.timeline {
                    let _ = timeline.merge_lines(&reply.spans);
                }
                return Ok(reply.output);
            }
            Err(CallError::Died(reason)) => {
                last_reason = reason;
                if attempt < config.max_tries {
                    shared.stats().retried += 1;
                }
            }
            Err(CallError::TimedOut) => {
                let after = config.deadline.unwrap_or_default();
                return Err(JobError::TimedOut { after });
            }
            Err(CallError::Stopped) => return Err(JobError::Cancelled),
        }
    }
    Err(JobError::Crashed {
        reason: last_reason,
        tries: config.max_tries.max(1),
    })
}
// ANCHOR_END: slot
