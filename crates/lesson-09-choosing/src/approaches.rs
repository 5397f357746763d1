//! Every approach of the course, each running `n` copies of one [`Job`].
//!
//! The rule for the async rows: each runtime runs the job the way a plain async program
//! on it would, waits awaited and computing done inline in the task, on the runtime's own
//! threads. One extra row (`tokio-spawn-blocking`) hands the computing to tokio's
//! blocking pool instead, which is what lesson 01 and step 3 of the exercises teach.

use std::thread;

use clap::ValueEnum;
use rayon::prelude::*;

use crate::http;
use crate::pool::ThreadPool;
use crate::problems::{Job, Problem};
use crate::procpool;

/// The approaches, in the order of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Approach {
    /// A plain loop on one thread.
    Sequential,
    /// A new OS thread for every job.
    ThreadPerJob,
    /// A fixed pool of threads taking jobs from a queue (as many as Python's default).
    ThreadPool,
    /// rayon's parallel iterator on its global pool (one thread per core).
    Rayon,
    /// Worker processes (one per core), each taking jobs over a pipe.
    ProcessPool,
    /// tokio, one thread: tasks interleave on it.
    TokioCurrentThread,
    /// tokio, one worker thread per core, with work stealing.
    TokioMultiThread,
    /// tokio multi-thread, with the computing handed to `spawn_blocking`.
    TokioSpawnBlocking,
    /// smol's global executor (one thread unless SMOL_THREADS says otherwise).
    Smol,
    /// async-std (discontinued upstream in favour of smol): one worker per core.
    AsyncStd,
    /// The course's own single-threaded event loop (lesson 05's design).
    EventLoop,
}

impl Approach {
    pub const ALL: [Approach; 11] = [
        Approach::Sequential,
        Approach::ThreadPerJob,
        Approach::ThreadPool,
        Approach::Rayon,
        Approach::ProcessPool,
        Approach::TokioCurrentThread,
        Approach::TokioMultiThread,
        Approach::TokioSpawnBlocking,
        Approach::Smol,
        Approach::AsyncStd,
        Approach::EventLoop,
    ];

    /// The name on the command line and in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Approach::Sequential => "sequential",
            Approach::ThreadPerJob => "thread-per-job",
            Approach::ThreadPool => "thread-pool",
            Approach::Rayon => "rayon",
            Approach::ProcessPool => "process-pool",
            Approach::TokioCurrentThread => "tokio-current-thread",
            Approach::TokioMultiThread => "tokio-multi-thread",
            Approach::TokioSpawnBlocking => "tokio-spawn-blocking",
            Approach::Smol => "smol",
            Approach::AsyncStd => "async-std",
            Approach::EventLoop => "event-loop",
        }
    }
}

/// Threads in [`Approach::ThreadPool`]: Python's `ThreadPoolExecutor` default,
/// `min(32, cores + 4)`.
pub fn pool_threads(cores: usize) -> usize {
    (cores + 4).min(32)
}

/// Runs `n` copies of `job` with `approach`; returns the sum of their checksums.
pub fn run(approach: Approach, job: Job, n: usize, cores: usize) -> anyhow::Result<u64> {
    Ok(match approach {
        Approach::Sequential => (0..n).map(|_| job.run_blocking()).sum(),
        // ANCHOR: thread_per_job
        Approach::ThreadPerJob => thread::scope(|s| {
            let handles: Vec<_> = (0..n).map(|_| s.spawn(|| job.run_blocking())).collect();
            handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
        }),
        // ANCHOR_END: thread_per_job
        Approach::ThreadPool => {
            let (tx, rx) = std::sync::mpsc::channel();
            let pool = ThreadPool::new(pool_threads(cores));
            for _ in 0..n {
                let tx = tx.clone();
                pool.execute(move || {
                    let _ = tx.send(job.run_blocking());
                });
            }
            drop(tx);
            rx.iter().sum()
        }
        // ANCHOR: rayon
        Approach::Rayon => (0..n).into_par_iter().map(|_| job.run_blocking()).sum(),
        // ANCHOR_END: rayon
        Approach::ProcessPool => procpool::run(job, n, cores)?,
        Approach::TokioCurrentThread => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(on_tokio(job, n, false)),
        Approach::TokioMultiThread => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(on_tokio(job, n, false)),
        Approach::TokioSpawnBlocking => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(on_tokio(job, n, true)),
        Approach::Smol => smol::block_on(async {
            let tasks: Vec<_> = (0..n).map(|_| smol::spawn(on_smol(job))).collect();
            let mut sum = 0;
            for task in tasks {
                sum += task.await;
            }
            sum
        }),
        Approach::AsyncStd => async_std::task::block_on(async {
            let tasks: Vec<_> = (0..n)
                .map(|_| async_std::task::spawn(on_async_std(job)))
                .collect();
            let mut sum = 0;
            for task in tasks {
                sum += task.await;
            }
            sum
        }),
        Approach::EventLoop => event_loop::block_on(async {
            let tasks: Vec<_> = (0..n)
                .map(|_| event_loop::spawn(on_event_loop(job)))
                .collect();
            let mut sum = 0;
            for task in tasks {
                sum += task.await;
            }
            sum
        }),
    })
}

// ANCHOR: on_tokio
/// `n` jobs as tokio tasks. The waits are awaited; the computing runs inline in the
/// task (on the runtime's threads), or on the blocking pool when `offload` is set.
async fn on_tokio(job: Job, n: usize, offload: bool) -> u64 {
    let compute = move || kit::work::count_primes(job.primes_below);
    let one = move || async move {
        let waited = match job.problem {
            Problem::Cpu => 0,
            Problem::Io | Problem::Mixed => http::get_tokio(job.server, job.wait_ms).await,
        };
        let computed = match (job.problem, offload) {
            (Problem::Io, _) => 0,
            (_, false) => compute(),
            (_, true) => tokio::task::spawn_blocking(compute).await.unwrap_or(0),
        };
        waited + computed
    };
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(one())).collect();
    let mut sum = 0;
    for task in tasks {
        sum += task.await.unwrap_or(0);
    }
    sum
}
// ANCHOR_END: on_tokio

async fn on_smol(job: Job) -> u64 {
    let waited = match job.problem {
        Problem::Cpu => 0,
        Problem::Io | Problem::Mixed => http::get_smol(job.server, job.wait_ms).await,
    };
    waited + inline_compute(job)
}

async fn on_async_std(job: Job) -> u64 {
    let waited = match job.problem {
        Problem::Cpu => 0,
        Problem::Io | Problem::Mixed => http::get_async_std(job.server, job.wait_ms).await,
    };
    waited + inline_compute(job)
}

async fn on_event_loop(job: Job) -> u64 {
    let waited = match job.problem {
        Problem::Cpu => 0,
        Problem::Io | Problem::Mixed => http::get_event_loop(job.server, job.wait_ms).await,
    };
    waited + inline_compute(job)
}

/// The computing part of a job, run where the caller is (for async: on the runtime).
fn inline_compute(job: Job) -> u64 {
    match job.problem {
        Problem::Io => 0,
        Problem::Cpu | Problem::Mixed => kit::work::count_primes(job.primes_below),
    }
}
