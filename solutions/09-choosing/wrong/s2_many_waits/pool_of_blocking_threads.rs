//! Wrong: a pool of eight threads making blocking calls keeps the thread bound but has only eight waits in flight
//! Expect: were in flight at once

use std::thread;

use crate::client::Client;

/// The most threads this job may use, the caller's included.
pub const MAX_THREADS: usize = 8;

// ANCHOR: mistake
/// Gets the answer for every id from `client`, with every request in flight at the same
/// time, using at most [`MAX_THREADS`] threads; the answers come back in the order of `ids`.
pub async fn get_all(client: &impl Client, ids: &[u32]) -> Vec<u64> {
    // Seven workers, plus the caller's thread waiting for them: eight in all.
    let per_worker = ids.len().div_ceil(MAX_THREADS - 1).max(1);
    thread::scope(|s| {
        let handles: Vec<_> = ids
            .chunks(per_worker)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|&id| client.get_blocking(id))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a request thread panicked"))
            .collect()
    })
}
// ANCHOR_END: mistake
