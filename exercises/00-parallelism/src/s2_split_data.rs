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
    // TODO: split `0..limit` into `threads` contiguous ranges whose lengths differ by at
    // most one, count every range on a thread of its own, all at the same time, and add
    // up the counts.
    todo!("split the range across threads and sum the counts")
}
