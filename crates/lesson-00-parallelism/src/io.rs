//! The IO-bound workload, four ways: `tasks` tasks, each a short bit of CPU work (build
//! the request), a long wait (the reply is on its way), another short bit (read it).
//!
//! The waits are simulated ([`kit::work::simulated_io`] sleeps the thread,
//! [`kit::work::simulated_io_async`] suspends the task), so the demo needs no network.

use std::time::Duration;

use rayon::prelude::*;

use kit::timeline::Timeline;
use kit::work::{count_primes, simulated_io, simulated_io_async};

use crate::runtime;

/// The shape of one IO task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IoTask {
    /// How long the reply takes to arrive.
    pub wait: Duration,
    /// The CPU work before and after the wait (count the primes below this).
    pub cpu_size: u64,
}

/// Builds the "request": a little CPU work, recorded as busy.
fn prepare(tl: &Timeline, name: &str, io: IoTask) -> u64 {
    let _busy = tl.span(name);
    count_primes(io.cpu_size)
}

// ANCHOR: blocking_task
/// One IO task on a thread that blocks while it waits.
fn blocking_task(tl: &Timeline, i: usize, io: IoTask) -> u64 {
    let name = format!("io {i}");
    let request = prepare(tl, &name, io);
    {
        let _blocked = tl.block(&name); // drawn ▒: the thread is held, doing nothing
        simulated_io(io.wait); // the whole thread sleeps
    }
    request + prepare(tl, &name, io)
}
// ANCHOR_END: blocking_task

// ANCHOR: async_task
/// The same task, written async: at the `.await` it is suspended and its thread is
/// free to run other tasks until the reply arrives.
async fn async_task(tl: Timeline, i: usize, io: IoTask) -> u64 {
    let name = format!("io {i}");
    let request = prepare(&tl, &name, io);
    {
        let _waiting = tl.wait(&name); // drawn ░: the thread is free for other tasks
        simulated_io_async(io.wait).await; // only this task waits
    }
    request + prepare(&tl, &name, io)
}
// ANCHOR_END: async_task

/// One task after another: the waits add up.
pub fn sequential(tl: &Timeline, tasks: usize, io: IoTask) -> u64 {
    (1..=tasks).map(|i| blocking_task(tl, i, io)).sum()
}

/// One OS thread per task: every thread waits at the same time.
pub fn threads(tl: &Timeline, tasks: usize, io: IoTask) -> u64 {
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..=tasks)
            .map(|i| s.spawn(move || blocking_task(tl, i, io)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an io task panicked"))
            .sum()
    })
}

// ANCHOR: async
/// Every task at once on one thread: a single-threaded runtime runs [`all_at_once`].
pub fn single_thread_async(tl: &Timeline, tasks: usize, io: IoTask) -> u64 {
    runtime::current_thread().block_on(all_at_once(tl, tasks, io))
}

/// Spawns every task, then collects the results. While one task waits, the runtime
/// runs another: the waits overlap, though only one thread ever runs.
pub async fn all_at_once(tl: &Timeline, tasks: usize, io: IoTask) -> u64 {
    let handles: Vec<_> = (1..=tasks)
        .map(|i| tokio::spawn(async_task(tl.clone(), i, io)))
        .collect();
    let mut total = 0;
    for handle in handles {
        total += handle.await.expect("an io task panicked");
    }
    total
}
// ANCHOR_END: async

// ANCHOR: rayon
/// rayon's pool, used for waiting: it has one thread per logical CPU (unless
/// `RAYON_NUM_THREADS` says otherwise), so only that many waits overlap. A CPU pool is
/// the wrong tool for IO.
pub fn rayon(tl: &Timeline, tasks: usize, io: IoTask) -> u64 {
    (1..=tasks)
        .into_par_iter()
        .map(|i| blocking_task(tl, i, io))
        .sum()
}
// ANCHOR_END: rayon
