//! Wrong: splits the data well but counts the ranges one after another on the calling thread
//! Expect: each range needs a thread of its own

use std::ops::Range;

// ANCHOR: mistake
pub fn split_and_sum<F>(limit: u64, threads: usize, count: F) -> u64
where
    F: Fn(Range<u64>) -> u64 + Sync,
{
    let parts = threads.max(1) as u64;
    let (size, extra) = (limit / parts, limit % parts);
    let mut start = 0;
    let mut total = 0;
    for i in 0..parts {
        let len = size + u64::from(i < extra);
        total += count(start..start + len);
        start += len;
    }
    total
}
// ANCHOR_END: mistake
