//! Wrong: async for CPU work, a task per block on a current-thread runtime, whose one thread runs them in turn
//! Expect: workers were computing at once

use futures::future::join_all;

// ANCHOR: mistake
/// Hashes every block with `hash` on `workers` threads that compute at the same time,
/// and returns the hashes in the order of the blocks.
pub fn hash_blocks<H>(blocks: &[Vec<u8>], workers: usize, hash: H) -> Vec<u64>
where
    H: Fn(&[u8]) -> u64 + Sync,
{
    let _ = workers;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    // Each async block computes without ever awaiting: it holds the runtime's only
    // thread until it is done, so the "concurrent" tasks compute one at a time.
    runtime.block_on(join_all(blocks.iter().map(|b| {
        let hash = &hash;
        async move { hash(b) }
    })))
}
// ANCHOR_END: mistake
