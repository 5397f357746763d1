//! Wrong: a thread per request with the blocking call, ten thousand threads where at most eight were allowed
//! Expect: threads for 10000 waits

use std::thread;

use crate::client::Client;

/// The most threads this job may use, the caller's included.
pub const MAX_THREADS: usize = 8;

// ANCHOR: mistake
/// Gets the answer for every id from `client`, with every request in flight at the same
/// time, using at most [`MAX_THREADS`] threads; the answers come back in the order of `ids`.
pub async fn get_all(client: &impl Client, ids: &[u32]) -> Vec<u64> {
    thread::scope(|s| {
        let handles: Vec<_> = ids
            .iter()
            .map(|&id| s.spawn(move || client.get_blocking(id)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a request thread panicked"))
            .collect()
    })
}
// ANCHOR_END: mistake
