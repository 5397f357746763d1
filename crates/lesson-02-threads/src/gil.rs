//! Pre-emptive threads and the GIL, in one picture.
//!
//! CPython runs Python code only while holding its global interpreter lock, and a thread
//! that wants it asks the holder to let go after a switch interval (5 ms by default). So
//! CPU-bound Python threads take turns on one core. Here the same picture is made in
//! Rust on purpose: each thread does its work in 5 ms chunks, and in `CoarseLock` mode it
//! holds one global mutex for each chunk. In `Free` mode each thread keeps its state to
//! itself and takes no lock: the threads run in parallel.
//!
//! The coarse lock is a fair one ([`FairLock`]): std's `Mutex` makes no promise of
//! fairness, and a thread that unlocks and locks again at once usually gets it back, so
//! the other thread would wait for the whole run. CPython's GIL forces the hand-over
//! instead: the holder, asked to drop it, waits until another thread has taken it.

use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use kit::timeline::Timeline;
use kit::work::count_primes;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every chunk on the calling thread, one after another.
    Sequential,
    /// Threads, but each chunk is done holding one global lock.
    CoarseLock,
    /// Threads, each with its own state, no lock.
    Free,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::CoarseLock => "threads + one coarse lock",
            Mode::Free => "threads, no shared lock",
        }
    }
}

/// A lock that serves its waiters in the order they came (a ticket lock).
#[derive(Debug, Default)]
pub struct FairLock {
    /// (next ticket to hand out, ticket now served)
    tickets: Mutex<(u64, u64)>,
    turn: Condvar,
}

impl FairLock {
    /// Runs `f` holding the lock; the threads that asked before go first.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        let mut tickets = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        let mine = tickets.0;
        tickets.0 += 1;
        let tickets = self
            .turn
            .wait_while(tickets, |t| t.1 != mine)
            .unwrap_or_else(|e| e.into_inner());
        drop(tickets); // the ticket now served is ours: nobody else runs until we pass it on
        let result = f();
        self.tickets.lock().unwrap_or_else(|e| e.into_inner()).1 += 1;
        self.turn.notify_all();
        result
    }
}

// ANCHOR: coarse_lock
/// `threads` threads each do `chunks` chunks of CPU work (`count_primes(size)`); each
/// chunk is one span on `timeline`. Returns the wall time.
pub fn run(mode: Mode, threads: usize, chunks: usize, size: u64, timeline: &Timeline) -> Duration {
    let global = FairLock::default(); // one lock that every chunk needs in CoarseLock
    let start = Instant::now();
    let chunk = |name: &str| {
        let _span = timeline.span(name);
        count_primes(size)
    };
    match mode {
        Mode::Sequential => {
            for t in 0..threads * chunks {
                chunk(&format!("chunk {t}"));
            }
        }
        Mode::CoarseLock | Mode::Free => thread::scope(|s| {
            for t in 0..threads {
                let (global, chunk) = (&global, &chunk);
                s.spawn(move || {
                    let name = format!("thread {}", t + 1);
                    for _ in 0..chunks {
                        if mode == Mode::CoarseLock {
                            // Held for the whole chunk, like the GIL while bytecode runs.
                            // The wait for it is drawn pale: the thread is queueing.
                            let queueing = timeline.wait(&name);
                            std::hint::black_box(global.run(|| {
                                drop(queueing);
                                chunk(&name)
                            }));
                        } else {
                            // Per-thread state: nothing shared, nothing to wait for.
                            std::hint::black_box(chunk(&name));
                        }
                    }
                });
            }
        }),
    }
    start.elapsed()
}
// ANCHOR_END: coarse_lock

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coarse_lock_lets_one_chunk_run_at_a_time() {
        let tl = Timeline::new();
        run(Mode::CoarseLock, 3, 4, 2_000, &tl);
        let spans: Vec<_> = tl
            .spans() // sorted by start
            .into_iter()
            .filter(|s| s.kind == kit::timeline::Kind::Busy)
            .collect();
        assert_eq!(spans.len(), 12);
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start, "chunks overlapped: {pair:?}");
        }
    }
}
