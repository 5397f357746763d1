//! Wrong: async for CPU work, crunching inline in the async code, on the runtime's only thread
//! Expect: the heartbeat stopped

use std::future::Future;
use std::sync::Arc;

use futures::future::join_all;

/// The CPU-heavy part: a plain function that computes for a while and returns.
pub type Crunch = Arc<dyn Fn(Vec<u8>) -> u64 + Send + Sync>;

// ANCHOR: mistake
/// Fetches every id (all fetches in flight at once) and crunches each fetched item,
/// without ever computing on the runtime's thread: other tasks on that thread must keep
/// running. The results come back in the order of `ids`.
pub async fn fetch_and_crunch<F, Fut>(ids: &[u32], fetch: F, crunch: Crunch) -> Vec<u64>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Vec<u8>>,
{
    let jobs = ids.iter().map(|&id| {
        let fetch = &fetch;
        let crunch = &crunch;
        async move {
            let data = fetch(id).await;
            crunch(data)
        }
    });
    join_all(jobs).await
}
// ANCHOR_END: mistake
