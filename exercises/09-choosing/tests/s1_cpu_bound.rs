//! Step 1: `hash_blocks` must compute on `workers` threads at the same time.
//!
//! The proof needs no clock: the test's hash function waits at a meeting point until
//! `workers` calls are inside it together. Threads that really run at once all get there;
//! a loop, threads joined one by one, or tasks on one runtime thread get there alone.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use choosing::s1_cpu_bound::hash_blocks;
use support::{InFlight, Meeting, within};

/// A stand-in for a real hash: cheap, and different for every block.
fn sum_hash(block: &[u8]) -> u64 {
    block.iter().fold(17_u64, |h, &b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    })
}

fn blocks(count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|i| (0..64).map(|j| (i * 7 + j) as u8).collect())
        .collect()
}

fn expected(blocks: &[Vec<u8>]) -> Vec<u64> {
    blocks.iter().map(|b| sum_hash(b)).collect()
}

#[test]
fn four_workers_compute_at_the_same_time() {
    let hashes = within(
        Duration::from_secs(20),
        "hash_blocks never returned: is a worker waiting for something that never comes?",
        || {
            let workers = 4;
            let blocks = blocks(8);
            let meeting = Arc::new(Meeting::new(workers));
            let calls = Arc::new(InFlight::default());
            let hashes = hash_blocks(&blocks, workers, |block| {
                calls.enter();
                meeting.arrive();
                calls.leave();
                sum_hash(block)
            });
            let together = meeting.most_together();
            assert!(
                together >= workers,
                "only {together} of the {workers} workers were computing at once: CPU-bound \
                 work goes faster only with more cores busy at the same time; start every \
                 worker before waiting for any (async tasks on one runtime thread, or \
                 threads joined right after they start, run one at a time)"
            );
            assert!(
                calls.threads() >= workers,
                "the hashes ran on {} thread(s); {workers} workers means {workers} threads",
                calls.threads()
            );
            assert_eq!(
                hashes,
                expected(&blocks),
                "the hashes must come back in the order of the blocks"
            );
            hashes
        },
    );
    assert_eq!(hashes.len(), 8);
}

/// Holds block 0's hash back until some other worker has started its second block.
///
/// A worker starts its next block only after it is done with the one before: it has
/// computed it and handed the hash on (kept it for its join, or pushed it onto a shared
/// list). So block 0's hash is made after another block's hash was handed on, on every
/// run, whatever the machine's load: an answer that keeps hashes in the order they are
/// made never puts block 0's first.
#[derive(Default)]
struct SecondStart {
    /// How many blocks each thread has started.
    started: Mutex<HashMap<ThreadId, usize>>,
    changed: Condvar,
}

impl SecondStart {
    /// An ordinary block starts on this thread.
    fn start(&self) {
        let mut started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        *started.entry(thread::current().id()).or_default() += 1;
        self.changed.notify_all();
    }

    /// Block 0: returns once a thread other than this one has started two blocks (or
    /// after 3 s, so that an answer that never lets that happen fails, not hangs).
    fn hold(&self) {
        let me = thread::current().id();
        let started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .changed
            .wait_timeout_while(started, Duration::from_secs(3), |started| {
                !started.iter().any(|(who, &n)| *who != me && n >= 2)
            })
            .unwrap_or_else(|e| e.into_inner());
    }
}

#[test]
fn the_hashes_keep_the_order_of_the_blocks_whatever_order_they_finish_in() {
    // Block 0's hash is made only once another worker has started a second block, so
    // after another hash was handed on. (8 blocks on 4 workers: while block 0 holds one
    // worker, the other three have at least six blocks among them, so one of them starts
    // a second, whether the blocks are shared in chunks, in turns or from a queue.)
    let blocks = blocks(8);
    let hashes = within(
        Duration::from_secs(20),
        "hash_blocks never returned: is a worker waiting for something that never comes?",
        {
            let blocks = blocks.clone();
            move || {
                let gate = SecondStart::default();
                hash_blocks(&blocks, 4, |block| {
                    // Block i starts with the byte i * 7 (see `blocks`).
                    if block[0] == 0 {
                        gate.hold();
                    } else {
                        gate.start();
                    }
                    sum_hash(block)
                })
            }
        },
    );
    assert_eq!(
        hashes,
        expected(&blocks),
        "block 0's hash was made after other blocks' hashes, and the hashes must come back \
         in the order of the blocks, not in the order they were made: keep each worker's \
         hashes with its join handle and join the workers in order (or put each hash at \
         its block's index)"
    );
}

#[test]
fn more_workers_than_blocks() {
    let blocks = blocks(3);
    let hashes = within(
        Duration::from_secs(20),
        "hash_blocks never returned with more workers than blocks",
        {
            let blocks = blocks.clone();
            move || hash_blocks(&blocks, 8, sum_hash)
        },
    );
    assert_eq!(
        hashes,
        expected(&blocks),
        "with 8 workers and 3 blocks every block is still hashed once, in order"
    );
}

#[test]
fn one_worker_and_no_blocks() {
    let blocks = blocks(5);
    let (one, none) = within(
        Duration::from_secs(20),
        "hash_blocks never returned for one worker or no blocks",
        {
            let blocks = blocks.clone();
            move || {
                (
                    hash_blocks(&blocks, 1, sum_hash),
                    hash_blocks(&[], 4, sum_hash),
                )
            }
        },
    );
    assert_eq!(
        one,
        expected(&blocks),
        "one worker hashes every block, in order"
    );
    assert!(none.is_empty(), "no blocks give no hashes");
}
