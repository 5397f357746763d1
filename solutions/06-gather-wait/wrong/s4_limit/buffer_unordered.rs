//! Wrong: uses buffer_unordered, which yields outputs in completion order
//! Expect: not in the order the jobs finished
//! Step 4: gather with a concurrency limit: run many jobs, at most `limit` at a time, and
//! return every result in submission order.

use futures::StreamExt;
use std::future::Future;

// ANCHOR: mistake
/// Runs `jobs` concurrently, never more than `limit` at once, and returns their outputs in
/// the order the jobs were given (asyncio's `gather` with a semaphore around each job).
pub async fn gather_limited<F: Future>(jobs: Vec<F>, limit: usize) -> Vec<F::Output> {
    // `buffer_unordered` yields each output as its job finishes.
    futures::stream::iter(jobs)
        .buffer_unordered(limit.max(1))
        .collect()
        .await
}
// ANCHOR_END: mistake
