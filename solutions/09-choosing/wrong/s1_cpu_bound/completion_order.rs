//! Wrong: starts every worker at once, but each pushes its hashes onto one shared list as it makes them, so they come back in the order they finish
//! Expect: must come back in the order of the blocks

use std::sync::Mutex;
use std::thread;

// ANCHOR: mistake
/// Hashes every block with `hash` on `workers` threads that compute at the same time,
/// and returns the hashes in the order of the blocks.
pub fn hash_blocks<H>(blocks: &[Vec<u8>], workers: usize, hash: H) -> Vec<u64>
where
    H: Fn(&[u8]) -> u64 + Sync,
{
    let per_worker = blocks.len().div_ceil(workers.max(1)).max(1);
    let (hash, hashes) = (&hash, &Mutex::new(Vec::with_capacity(blocks.len())));
    thread::scope(|s| {
        for chunk in blocks.chunks(per_worker) {
            // Every worker runs at once; each hash joins the list when it is made.
            s.spawn(move || {
                for block in chunk {
                    let h = hash(block);
                    hashes.lock().unwrap().push(h);
                }
            });
        }
    });
    hashes.lock().unwrap().clone()
}
// ANCHOR_END: mistake
