//! Step 1: a CPU-bound job. The blocks are already in memory and hashing them is pure
//! computing, so the only way to finish sooner is more cores working at the same time.

use std::thread;

/// Hashes every block with `hash` on `workers` threads that compute at the same time,
/// and returns the hashes in the order of the blocks.
///
/// `workers` is at least 1; there may be more workers than blocks.
pub fn hash_blocks<H>(blocks: &[Vec<u8>], workers: usize, hash: H) -> Vec<u64>
where
    H: Fn(&[u8]) -> u64 + Sync,
{
    // One contiguous chunk per worker (the last ones may be shorter, or absent when there
    // are fewer blocks than workers); `max(1)` because `chunks(0)` panics.
    let per_worker = blocks.len().div_ceil(workers.max(1)).max(1);
    let hash = &hash;
    thread::scope(|s| {
        // Start every worker first...
        let handles: Vec<_> = blocks
            .chunks(per_worker)
            .map(|chunk| s.spawn(move || chunk.iter().map(|b| hash(b)).collect::<Vec<_>>()))
            .collect();
        // ...then wait for each in chunk order, which is block order.
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a hashing thread panicked"))
            .collect()
    })
}
