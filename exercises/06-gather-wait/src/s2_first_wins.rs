//! Step 2: ask several replicas the same question; the first answer wins, the rest are
//! cancelled.

use std::future::Future;

/// Runs every replica concurrently and returns the first answer (`None` if there are no
/// replicas). When it returns, the losers have been cancelled: none of them runs on.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn first_wins<F, T>(replicas: Vec<F>) -> Option<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    // TODO: run every replica at once, return the first answer, and make sure no loser
    // is still running when you return.
    todo!("race the replicas and cancel the losers")
}
