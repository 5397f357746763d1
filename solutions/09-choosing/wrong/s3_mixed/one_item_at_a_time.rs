//! Wrong: offloads the crunch correctly but fetches the items one after another
//! Expect: fetches were in flight at once

use std::future::Future;
use std::sync::Arc;

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
    let mut results = Vec::with_capacity(ids.len());
    for &id in ids {
        let data = fetch(id).await;
        let crunch = Arc::clone(&crunch);
        let result = tokio::task::spawn_blocking(move || crunch(data))
            .await
            .expect("a crunch panicked");
        results.push(result);
    }
    results
}
// ANCHOR_END: mistake
