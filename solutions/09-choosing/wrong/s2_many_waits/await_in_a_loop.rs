//! Wrong: awaits each request before starting the next, so the waits happen one after another
//! Expect: were in flight at once

use crate::client::Client;

/// The most threads this job may use, the caller's included.
pub const MAX_THREADS: usize = 8;

// ANCHOR: mistake
/// Gets the answer for every id from `client`, with every request in flight at the same
/// time, using at most [`MAX_THREADS`] threads; the answers come back in the order of `ids`.
pub async fn get_all(client: &impl Client, ids: &[u32]) -> Vec<u64> {
    let mut answers = Vec::with_capacity(ids.len());
    for &id in ids {
        answers.push(client.get(id).await);
    }
    answers
}
// ANCHOR_END: mistake
