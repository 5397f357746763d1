//! Thread thrashing: more busy threads than cores.
//!
//! The same amount of CPU work is split over more and more threads. On 2 cores, two
//! threads are enough to use the machine; more only add starting costs, switches between
//! threads (each one saves and restores registers and cools the caches) and memory for
//! stacks.

use std::thread;
use std::time::{Duration, Instant};

use kit::work::count_primes;

// ANCHOR: thrash
/// `total` pieces of work (`count_primes(size)` each), split evenly over `threads`
/// threads. Returns the wall time.
pub fn spread(total: usize, threads: usize, size: u64) -> Duration {
    let start = Instant::now();
    thread::scope(|s| {
        for t in 0..threads {
            // Thread t takes pieces t, t + threads, t + 2 × threads, …
            let mine = (t..total).step_by(threads).count();
            s.spawn(move || {
                for _ in 0..mine {
                    std::hint::black_box(count_primes(size));
                }
            });
        }
    });
    start.elapsed()
}
// ANCHOR_END: thrash

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_is_shared_out_whatever_the_thread_count() {
        for threads in [1, 3, 50] {
            assert!(spread(10, threads, 100) < Duration::from_secs(5));
        }
    }
}
