//! Wrong: starts a thread per chunk but joins each one before starting the next, so they run in turn
//! Expect: workers were computing at once

use std::thread;

// ANCHOR: mistake
/// Hashes every block with `hash` on `workers` threads that compute at the same time,
/// and returns the hashes in the order of the blocks.
pub fn hash_blocks<H>(blocks: &[Vec<u8>], workers: usize, hash: H) -> Vec<u64>
where
    H: Fn(&[u8]) -> u64 + Sync,
{
    let per_worker = blocks.len().div_ceil(workers.max(1)).max(1);
    let hash = &hash;
    thread::scope(|s| {
        // One lazy chain: `join` runs before the next `spawn`.
        blocks
            .chunks(per_worker)
            .flat_map(|chunk| {
                s.spawn(move || chunk.iter().map(|b| hash(b)).collect::<Vec<_>>())
                    .join()
                    .expect("a hashing thread panicked")
            })
            .collect()
    })
}
// ANCHOR_END: mistake
