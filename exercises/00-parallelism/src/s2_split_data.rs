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
    // TODO: compute each thread's range (the first `limit % threads` ranges get one
    // number more than the others), spawn one scoped thread per range that calls
    // `count(range)`, then join them all and add up their counts.
    todo!("split the range across threads and sum the counts")
}
