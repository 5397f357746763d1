//! Step 1: `hash_blocks` must compute on `workers` threads at the same time.
//!
//! The proof needs no clock: the test's hash function waits at a meeting point until
//! `workers` calls are inside it together. Threads that really run at once all get there;
//! a loop, threads joined one by one, or tasks on one runtime thread get there alone.

mod support;

use std::sync::Arc;
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
