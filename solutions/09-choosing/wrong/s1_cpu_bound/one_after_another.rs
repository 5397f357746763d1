//! Wrong: hashes the blocks in a plain loop on the caller's thread, so only one core ever computes
//! Expect: workers were computing at once

// ANCHOR: mistake
/// Hashes every block with `hash` on `workers` threads that compute at the same time,
/// and returns the hashes in the order of the blocks.
pub fn hash_blocks<H>(blocks: &[Vec<u8>], workers: usize, hash: H) -> Vec<u64>
where
    H: Fn(&[u8]) -> u64 + Sync,
{
    let _ = workers;
    blocks.iter().map(|b| hash(b)).collect()
}
// ANCHOR_END: mistake
