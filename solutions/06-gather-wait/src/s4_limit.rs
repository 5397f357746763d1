//! Step 4: gather with a concurrency limit: run many jobs, at most `limit` at a time, and
//! return every result in submission order.

use std::future::Future;

use futures::future::join_all;
use tokio::sync::Semaphore;

// ANCHOR: gather_limited
/// Runs `jobs` concurrently, never more than `limit` at once, and returns their outputs in
/// the order the jobs were given (asyncio's `gather` with a semaphore around each job).
pub async fn gather_limited<F: Future>(jobs: Vec<F>, limit: usize) -> Vec<F::Output> {
    // A limit of 0 would never start anything: treat it as 1.
    let slots = Semaphore::new(limit.max(1));
    let slots = &slots;
    // `join_all` keeps the outputs in input order; each job waits for a permit and holds
    // it (`_permit` is a named binding: it lives to the end of the block) until it is done,
    // so a slot frees the moment its job finishes.
    join_all(jobs.into_iter().map(|job| async move {
        // `acquire` fails only if the semaphore is closed, and nobody closes this one.
        let _permit = slots
            .acquire()
            .await
            .expect("the semaphore is never closed");
        job.await
    }))
    .await
}
// ANCHOR_END: gather_limited
