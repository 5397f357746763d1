//! Step 3: a mixed job on a single-threaded runtime that also serves other tasks. Each
//! item is fetched (a wait) and then crunched (computing that takes a while).

use std::future::Future;
use std::sync::Arc;

/// The CPU-heavy part: a plain function that computes for a while and returns.
pub type Crunch = Arc<dyn Fn(Vec<u8>) -> u64 + Send + Sync>;

/// Fetches every id (all fetches in flight at once) and crunches each fetched item,
/// without ever computing on the runtime's thread: other tasks on that thread must keep
/// running. The results come back in the order of `ids`.
pub async fn fetch_and_crunch<F, Fut>(ids: &[u32], fetch: F, crunch: Crunch) -> Vec<u64>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Vec<u8>>,
{
    // TODO: overlap the fetches as in step 2, and send each crunch somewhere that is not
    // the runtime's own thread; await its result there.
    todo!("fetch and crunch {} items", ids.len())
}
