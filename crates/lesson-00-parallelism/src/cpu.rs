//! The CPU-bound workload, four ways: `tasks` tasks, each counting primes.
//!
//! Every task records a busy span into the timeline, so the demo can draw which thread
//! ran which task, and when. Each function returns the total count, so the work is used
//! and the four ways can be checked against each other.

use rayon::prelude::*;

use kit::timeline::Timeline;
use kit::work::count_primes;

use crate::runtime;

// ANCHOR: task
/// One CPU task: count the primes below `size`, recorded as busy time.
fn task(tl: &Timeline, i: usize, size: u64) -> u64 {
    let _busy = tl.span(format!("cpu {i}")); // the span ends when `_busy` is dropped
    count_primes(size)
}
// ANCHOR_END: task

// ANCHOR: sequential
/// One task after another on the calling thread.
pub fn sequential(tl: &Timeline, tasks: usize, size: u64) -> u64 {
    (1..=tasks).map(|i| task(tl, i, size)).sum()
}
// ANCHOR_END: sequential

// ANCHOR: threads
/// One OS thread per task. `thread::scope` lets the threads borrow `tl`, and joins them
/// all before it returns.
pub fn threads(tl: &Timeline, tasks: usize, size: u64) -> u64 {
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..=tasks)
            .map(|i| s.spawn(move || task(tl, i, size)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a cpu task panicked"))
            .sum()
    })
}
// ANCHOR_END: threads

// ANCHOR: async
/// One async task per task, on a single-threaded runtime. The tasks never `.await`
/// anything while they count, so each runs to the end before the next can start.
pub fn single_thread_async(tl: &Timeline, tasks: usize, size: u64) -> u64 {
    runtime::current_thread().block_on(async {
        let handles: Vec<_> = (1..=tasks)
            .map(|i| {
                let tl = tl.clone();
                tokio::spawn(async move { task(&tl, i, size) })
            })
            .collect();
        let mut total = 0;
        for handle in handles {
            total += handle.await.expect("a cpu task panicked");
        }
        total
    })
}
// ANCHOR_END: async

// ANCHOR: rayon
/// rayon's parallel iterator: the tasks are shared out to a pool with one thread per
/// logical CPU (by default), and the counts are summed.
pub fn rayon(tl: &Timeline, tasks: usize, size: u64) -> u64 {
    (1..=tasks).into_par_iter().map(|i| task(tl, i, size)).sum()
}
// ANCHOR_END: rayon
