//! Wrong: uses StreamExt::buffered, which keeps a finished job in its slot until the jobs before it are done
//! Expect: as `buffered` does
//! Step 4: gather with a concurrency limit: run many jobs, at most `limit` at a time, and
//! return every result in submission order.

use futures::StreamExt;
use std::future::Future;

// ANCHOR: mistake
/// Runs `jobs` concurrently, never more than `limit` at once, and returns their outputs in
/// the order the jobs were given (asyncio's `gather` with a semaphore around each job).
pub async fn gather_limited<F: Future>(jobs: Vec<F>, limit: usize) -> Vec<F::Output> {
    // In order, at most `limit` in flight... but a finished output waits in its slot.
    futures::stream::iter(jobs)
        .buffered(limit.max(1))
        .collect()
        .await
}
// ANCHOR_END: mistake
