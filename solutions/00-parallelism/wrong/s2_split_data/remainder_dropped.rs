//! Wrong: makes every range `limit / threads` long and forgets the remainder, so the last numbers are never counted
//! Expect: must be counted exactly once

use std::ops::Range;

// ANCHOR: mistake
pub fn split_and_sum<F>(limit: u64, threads: usize, count: F) -> u64
where
    F: Fn(Range<u64>) -> u64 + Sync,
{
    let parts = threads.max(1) as u64;
    let size = limit / parts;
    let ranges: Vec<Range<u64>> = (0..parts).map(|i| i * size..(i + 1) * size).collect();
    parallel_map(ranges, count).into_iter().sum()
}
// ANCHOR_END: mistake

/// Step 1's `parallel_map`, written out here: a wrong answer stands on its own.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
