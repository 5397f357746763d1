//! Step 2: split the data, do the same work on each part, combine the results.

use std::ops::Range;

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
    let ranges = split(limit, threads.max(1) as u64);
    std::thread::scope(|s| {
        let count = &count;
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|range| s.spawn(move || count(range)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .sum()
    })
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
