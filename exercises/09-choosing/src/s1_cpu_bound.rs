//! Step 1: a CPU-bound job. The blocks are already in memory and hashing them is pure
//! computing, so the only way to finish sooner is more cores working at the same time.

/// Hashes every block with `hash` on `workers` threads that compute at the same time,
/// and returns the hashes in the order of the blocks.
///
/// `workers` is at least 1; there may be more workers than blocks.
pub fn hash_blocks<H>(blocks: &[Vec<u8>], workers: usize, hash: H) -> Vec<u64>
where
    H: Fn(&[u8]) -> u64 + Sync,
{
    // TODO: share the blocks out over `workers` threads that all run at once (scoped
    // threads, or a rayon pool of `workers` threads), and give the hashes back in order.
    todo!("hash {} blocks on {workers} workers", blocks.len())
}
