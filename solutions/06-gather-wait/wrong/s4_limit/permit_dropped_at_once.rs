//! Wrong: binds the semaphore permit to `_`, which drops it at once, so the limit never holds
//! Expect: jobs ran at one instant
//! Step 4: gather with a concurrency limit: run many jobs, at most `limit` at a time, and
//! return every result in submission order.

use std::future::Future;

use futures::future::join_all;
use tokio::sync::Semaphore;

// ANCHOR: mistake
/// Runs `jobs` concurrently, never more than `limit` at once, and returns their outputs in
/// the order the jobs were given (asyncio's `gather` with a semaphore around each job).
pub async fn gather_limited<F: Future>(jobs: Vec<F>, limit: usize) -> Vec<F::Output> {
    let slots = Semaphore::new(limit.max(1));
    let slots = &slots;
    join_all(jobs.into_iter().map(|job| async move {
        // `let _ =` does not bind: the permit is dropped at the end of this statement.
        let _ = slots
            .acquire()
            .await
            .expect("the semaphore is never closed");
        job.await
    }))
    .await
}
// ANCHOR_END: mistake
