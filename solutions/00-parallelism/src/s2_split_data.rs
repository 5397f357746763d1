//! Step 2: split the data, do the same work on each part, combine the results.

use std::ops::Range;

use crate::s1_scoped_threads::parallel_map;

/// Splits `0..limit` into `threads` contiguous ranges whose lengths differ by at most
/// one, runs `count` on each range on its own thread, all at the same time, and returns
/// the sum of the counts.
///
/// With `count` counting the primes in a range, this counts the primes below `limit`
/// on `threads` cores. `threads` is at least 1.
pub fn split_and_sum<F>(limit: u64, threads: usize, count: F) -> u64
where
    F: Fn(Range<u64>) -> u64 + Sync,
{
    // Data parallelism in three moves: split the data, run the same work on every part
    // at once (step 1's `parallel_map`: one scoped thread per range), combine.
    let ranges = split(limit, threads.max(1) as u64);
    parallel_map(ranges, count).into_iter().sum()
}

/// `0..limit` in `parts` contiguous ranges; the first `limit % parts` get one more.
fn split(limit: u64, parts: u64) -> Vec<Range<u64>> {
    let (size, extra) = (limit / parts, limit % parts);
    let mut start = 0;
    (0..parts)
        .map(|i| {
            let len = size + u64::from(i < extra);
            let range = start..start + len;
            start += len;
            range
        })
        .collect()
}
