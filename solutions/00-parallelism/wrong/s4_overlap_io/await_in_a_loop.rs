//! Wrong: awaits each request before making the next, so the waits add up instead of overlapping
//! Expect: 600 ms means one after another

use std::future::Future;

// ANCHOR: mistake
pub async fn fetch_all<F, Fut, T>(ids: &[u32], fetch: F) -> Vec<T>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = T>,
{
    let mut replies = Vec::with_capacity(ids.len());
    for &id in ids {
        replies.push(fetch(id).await);
    }
    replies
}
// ANCHOR_END: mistake
