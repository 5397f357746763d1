//! Wrong: overlaps the waits but collects the replies as they arrive, not in the order of the ids
//! Expect: replies in the order of the ids, not of arrival

use std::future::Future;

use futures::StreamExt;
use futures::stream::FuturesUnordered;

// ANCHOR: mistake
pub async fn fetch_all<F, Fut, T>(ids: &[u32], fetch: F) -> Vec<T>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = T>,
{
    ids.iter()
        .map(|&id| fetch(id))
        .collect::<FuturesUnordered<_>>()
        .collect()
        .await
}
// ANCHOR_END: mistake
