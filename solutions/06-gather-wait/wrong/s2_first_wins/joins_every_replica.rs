//! Wrong: joins every replica and takes the first in the list, so it waits for the slowest
//! Expect: race them, do not join them
//! Step 2: ask several replicas the same question; the first answer wins, the rest are
//! cancelled.

use std::future::Future;

// ANCHOR: mistake
/// Runs every replica concurrently and returns the first answer (`None` if there are no
/// replicas). When it returns, the losers have been cancelled: none of them runs on.
pub async fn first_wins<F, T>(replicas: Vec<F>) -> Option<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    // Every replica runs to its end before the first output is looked at.
    let answers = futures::future::join_all(replicas).await;
    answers.into_iter().next()
}
// ANCHOR_END: mistake
