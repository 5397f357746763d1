//! Wrong: after shutdown waits for every job in flight, however long it takes, ignoring the grace deadline
//! Expect: give the jobs in flight a deadline
//! Step 3: a graceful shutdown. Jobs arrive on a channel and run concurrently; when the
//! shutdown token is cancelled, no new job starts, the jobs in flight get a grace period
//! to finish, and whatever is still running at its end is cancelled.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// One unit of work: a boxed future, so jobs of different kinds share one channel.
pub type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// How the shutdown went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Report {
    /// Jobs that ran to their end (before or during the grace period).
    pub finished: usize,
    /// Jobs that had started but were cancelled when the grace period ran out.
    pub cancelled: usize,
}

// ANCHOR: mistake
/// Starts every job that arrives until `shutdown` is cancelled (or the channel closes),
/// then gives the jobs in flight `grace` to finish and cancels the rest.
pub async fn run_until_shutdown(
    mut incoming: mpsc::Receiver<Job>,
    shutdown: CancellationToken,
    grace: Duration,
) -> Report {
    let mut report = Report::default();
    let mut running = JoinSet::new();
    loop {
        tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            job = incoming.recv() => match job {
                Some(job) => {
                    running.spawn(job);
                }
                None => break,
            },
            Some(_) = running.join_next() => report.finished += 1,
        }
    }
    // Waits for every job: the grace period is never enforced.
    let _ = grace;
    while running.join_next().await.is_some() {
        report.finished += 1;
    }
    report
}
// ANCHOR_END: mistake
