//! Step 3: a graceful shutdown. Jobs arrive on a channel and run concurrently; when the
//! shutdown token is cancelled, no new job starts, the jobs in flight get a grace period
//! to finish, and whatever is still running at its end is cancelled.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;
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

// ANCHOR: shutdown
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
            // `biased`: once shutdown is asked, take no more jobs even if some are queued.
            biased;
            () = shutdown.cancelled() => break,
            job = incoming.recv() => match job {
                Some(job) => {
                    running.spawn(job);
                }
                None => break,
            },
            // Collect finished jobs as we go, so the set does not grow for ever.
            Some(_) = running.join_next() => report.finished += 1,
        }
    }
    let deadline = Instant::now() + grace;
    loop {
        match tokio::time::timeout_at(deadline, running.join_next()).await {
            Ok(Some(_)) => report.finished += 1,
            Ok(None) => break,
            Err(_elapsed) => {
                report.cancelled = running.len();
                // Abort what is left and wait until each job has been dropped.
                running.shutdown().await;
                break;
            }
        }
    }
    report
}
// ANCHOR_END: shutdown
