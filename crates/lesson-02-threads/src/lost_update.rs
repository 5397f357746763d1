//! The lost update: `x = x + 1` is a read, an add and a write.
//!
//! Rust will not compile a plain `x += 1` on data shared between threads (that would be
//! a data race, undefined behaviour). To show the race the Python talks show, without
//! undefined behaviour, the counter here is an atomic, but the increment is written as
//! two separate atomic steps: a load, then a store. Each step is whole; the gap between
//! them is where another thread's update is lost.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: racy
/// `threads` threads each add 1, `per_thread` times, with a separate load and store.
/// Returns the final count: usually less than `threads × per_thread`.
pub fn racy_count(threads: usize, per_thread: u64) -> u64 {
    let x = AtomicU64::new(0);
    let start = Barrier::new(threads);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                start.wait(); // everybody starts together
                for _ in 0..per_thread {
                    // (`black_box` keeps an optimised build from merging the loads and
                    // stores of one thread; it changes nothing else.)
                    let x = std::hint::black_box(&x);
                    let read = x.load(Ordering::Relaxed); // read
                    // ← another thread may store here; its update is then overwritten
                    x.store(read + 1, Ordering::Relaxed); // add and write
                }
            });
        }
    });
    x.into_inner()
}
// ANCHOR_END: racy

// ANCHOR: fixed
/// The same, with one indivisible read-modify-write: nothing is ever lost.
pub fn atomic_count(threads: usize, per_thread: u64) -> u64 {
    let x = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..per_thread {
                    x.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    x.into_inner()
}
// ANCHOR_END: fixed

/// What one racy run lost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loss {
    pub expected: u64,
    pub counted: u64,
}

impl Loss {
    pub fn measure(threads: usize, per_thread: u64) -> Self {
        Self {
            expected: threads as u64 * per_thread,
            counted: racy_count(threads, per_thread),
        }
    }

    pub fn lost(&self) -> u64 {
        self.expected - self.counted
    }

    /// The lost share, in per cent.
    pub fn percent(&self) -> f64 {
        if self.expected == 0 {
            return 0.0;
        }
        100.0 * self.lost() as f64 / self.expected as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_thread_loses_nothing_and_fetch_add_never_does() {
        // With one thread there is nobody to race with: the count is exact.
        assert_eq!(racy_count(1, 10_000), 10_000);
        assert_eq!(atomic_count(4, 10_000), 40_000);
        // Whatever the race, the count never exceeds the increments made.
        let loss = Loss::measure(4, 10_000);
        assert!(
            loss.counted <= loss.expected && loss.counted > 0,
            "{loss:?}"
        );
    }
}
