//! One contended counter, four ways, and what each costs per increment.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Barrier, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

/// How the threads share the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// The count behind a `Mutex`: lock, add, unlock, for every increment.
    Mutex,
    /// Behind an `RwLock`, taken for writing (an increment is a write).
    RwLock,
    /// An `AtomicU64` and `fetch_add`: one indivisible instruction.
    Atomic,
    /// Each thread counts in a local variable; the sums are added once at the end.
    PerThread,
    /// The racy load-then-store of [`crate::lost_update`], for comparison: fast, wrong.
    Racy,
}

impl Way {
    pub const ALL: [Way; 5] = [
        Way::Mutex,
        Way::RwLock,
        Way::Atomic,
        Way::PerThread,
        Way::Racy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Way::Mutex => "Mutex<u64>",
            Way::RwLock => "RwLock<u64>",
            Way::Atomic => "AtomicU64::fetch_add",
            Way::PerThread => "per-thread sums",
            Way::Racy => "load + store (racy)",
        }
    }
}

/// One measured run.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub count: u64,
    pub took: Duration,
}

// ANCHOR: four_ways
/// `threads` threads (at least one) each add 1, `per_thread` times, in the given way.
/// They start together (a barrier); the time runs from the first start to the last end.
pub fn run(way: Way, threads: usize, per_thread: u64) -> Run {
    let mutex = Mutex::new(0u64);
    let rwlock = RwLock::new(0u64);
    let atomic = AtomicU64::new(0);
    let ready = Barrier::new(threads);
    let spans: Vec<(Instant, Instant)> = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    ready.wait();
                    let start = Instant::now();
                    match way {
                        Way::Mutex => {
                            for _ in 0..per_thread {
                                *mutex.lock().expect("no thread panics holding it") += 1;
                            }
                        }
                        Way::RwLock => {
                            for _ in 0..per_thread {
                                *rwlock.write().expect("no thread panics holding it") += 1;
                            }
                        }
                        Way::Atomic => {
                            for _ in 0..per_thread {
                                atomic.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        Way::PerThread => {
                            let mut mine = 0u64;
                            for _ in 0..per_thread {
                                // `black_box` stops the compiler from replacing the loop by
                                // one addition: we want to time the increments.
                                mine = std::hint::black_box(mine + 1);
                            }
                            atomic.fetch_add(mine, Ordering::Relaxed); // once per thread
                        }
                        Way::Racy => {
                            for _ in 0..per_thread {
                                // `black_box`: the optimiser must assume someone else may have
                                // touched the atomic, so it cannot merge this thread's loads
                                // and stores across iterations (it may, for Relaxed ones).
                                let x = std::hint::black_box(&atomic);
                                let read = x.load(Ordering::Relaxed);
                                x.store(read + 1, Ordering::Relaxed);
                            }
                        }
                    }
                    (start, Instant::now())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a counting thread panicked"))
            .collect()
    });
    // Each thread timed itself; the run lasts from the first start to the last end. (A
    // clock in the calling thread could start late, if that thread is not scheduled at
    // once when the barrier opens.)
    let first = spans
        .iter()
        .map(|s| s.0)
        .min()
        .expect("at least one thread");
    let last = spans
        .iter()
        .map(|s| s.1)
        .max()
        .expect("at least one thread");
    let took = last - first;
    let count = match way {
        Way::Mutex => mutex.into_inner().expect("no thread panicked"),
        Way::RwLock => rwlock.into_inner().expect("no thread panicked"),
        _ => atomic.into_inner(),
    };
    Run { count, took }
}
// ANCHOR_END: four_ways

/// Wall-clock nanoseconds per increment (all threads' increments together).
pub fn ns_per_op(run: &Run, increments: u64) -> f64 {
    run.took.as_nanos() as f64 / increments.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_safe_way_counts_exactly() {
        for way in [Way::Mutex, Way::RwLock, Way::Atomic, Way::PerThread] {
            assert_eq!(run(way, 3, 1_000).count, 3_000, "{way:?}");
        }
        assert!(run(Way::Racy, 3, 1_000).count <= 3_000);
    }
}
