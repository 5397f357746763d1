//! Wrong: one lock held around each thread's whole job, so the threads take turns
//! Expect: never all ran at the same time

use std::sync::atomic::{AtomicU64, Ordering};

/// A number that several threads can reach, with the three operations a CPU offers on it.
///
/// `load` and `store` are one step each. `fetch_add` reads, adds and writes as one
/// indivisible step: no other thread can come between its read and its write.
///
/// `AtomicU64` implements it (below). The tests hand in a referee of their own that
/// behaves like an `AtomicU64` but makes the threads meet at the worst possible moment,
/// so a race shows up on every run instead of one run in a hundred.
pub trait SharedNumber: Sync {
    fn load(&self) -> u64;
    fn store(&self, value: u64);
    /// Adds `n` and returns the value before, as one indivisible step.
    fn fetch_add(&self, n: u64) -> u64;
}

impl SharedNumber for AtomicU64 {
    // `SeqCst` everywhere: the simplest ordering to reason about (step 6 is about the
    // weaker ones).
    fn load(&self) -> u64 {
        AtomicU64::load(self, Ordering::SeqCst)
    }

    fn store(&self, value: u64) {
        AtomicU64::store(self, value, Ordering::SeqCst);
    }

    fn fetch_add(&self, n: u64) -> u64 {
        AtomicU64::fetch_add(self, n, Ordering::SeqCst)
    }
}

// ANCHOR: mistake
/// Adds 1 to `number`, `per_thread` times on each of `threads` threads, all of them
/// running at the same time. No increment may be lost.
pub fn increment_concurrently<N: SharedNumber>(number: &N, threads: usize, per_thread: u64) {
    let turn = std::sync::Mutex::new(());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                // held for the whole loop: no other thread can start until this one ends
                let _only_me = turn.lock().unwrap();
                for _ in 0..per_thread {
                    number.store(number.load() + 1);
                }
            });
        }
    });
}
// ANCHOR_END: mistake
