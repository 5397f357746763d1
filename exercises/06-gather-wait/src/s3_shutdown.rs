//! Step 3: a graceful shutdown. Jobs arrive on a channel and run concurrently; when the
//! shutdown token is cancelled, no new job starts, the jobs in flight get a grace period
//! to finish, and whatever is still running at its end is cancelled.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::mpsc;
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

/// Starts every job that arrives until `shutdown` is cancelled (or the channel closes),
/// then gives the jobs in flight `grace` to finish and cancels the rest.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn run_until_shutdown(
    incoming: mpsc::Receiver<Job>,
    shutdown: CancellationToken,
    grace: Duration,
) -> Report {
    // TODO: start each job as it arrives, until `shutdown` is cancelled or the channel
    // closes; then give the jobs in flight `grace` to finish, cancel whatever is still
    // running at that deadline, and report how many finished and how many were cancelled.
    // (Receiving needs `mut incoming`: add it to the parameter when you start.)
    todo!("run jobs until shutdown, then shut down gracefully")
}
