//! Step 2: ask several replicas the same question; the first answer wins, the rest are
//! cancelled.

use std::future::Future;

use tokio::task::JoinSet;

// ANCHOR: first_wins
/// Runs every replica concurrently and returns the first answer (`None` if there are no
/// replicas). When it returns, the losers have been cancelled: none of them runs on.
pub async fn first_wins<F, T>(replicas: Vec<F>) -> Option<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut set = JoinSet::new();
    for replica in replicas {
        set.spawn(replica);
    }
    let winner = set.join_next().await?;
    // Aborts every task still in the set and waits until each one is gone. (Dropping the
    // set would abort them too, but return before they are dropped.)
    set.shutdown().await;
    match winner {
        Ok(answer) => Some(answer),
        Err(err) => std::panic::resume_unwind(err.into_panic()),
    }
}
// ANCHOR_END: first_wins
