//! Wrong: spawns the replicas, takes the first to finish and drops the other JoinHandles, which detaches them instead of cancelling them
//! Expect: dropping a JoinHandle detaches its task
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
    if replicas.is_empty() {
        return None;
    }
    let handles: Vec<_> = replicas.into_iter().map(tokio::spawn).collect();
    let (winner, _index, losers) = futures::future::select_all(handles).await;
    // Dropping the losers' handles does not stop their tasks: they run on, detached.
    drop(losers);
    match winner {
        Ok(answer) => Some(answer),
        Err(err) => std::panic::resume_unwind(err.into_panic()),
    }
}
// ANCHOR_END: mistake
