//! Step 2: an IO-bound job. Ten thousand requests, each of which spends its time waiting
//! for a remote service; the machine may give this job at most [`MAX_THREADS`] threads.

use futures::future::join_all;

use crate::client::Client;

/// The most threads this job may use, the caller's included.
pub const MAX_THREADS: usize = 8;

/// Gets the answer for every id from `client`, with every request in flight at the same
/// time, using at most [`MAX_THREADS`] threads; the answers come back in the order of `ids`.
pub async fn get_all(client: &impl Client, ids: &[u32]) -> Vec<u64> {
    // The async form: each future is a small state machine, not a thread, and `join_all`
    // polls them all from this one task, so every wait is in flight at once and the
    // answers come back in the order of the futures.
    join_all(ids.iter().map(|&id| client.get(id))).await
}
