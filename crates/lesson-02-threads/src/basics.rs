//! Spawning and joining, scoped threads, and moving data in (`move`, `Arc`).

use std::sync::Arc;
use std::thread;

// ANCHOR: spawn
/// Starts `n` threads, each computing something of its own, and joins them all.
///
/// `spawn` returns at once with a `JoinHandle`; `join` waits for the thread and hands
/// back its result. Starting every thread before joining any is what lets them overlap.
pub fn spawn_and_join(n: u64) -> Vec<u64> {
    let handles: Vec<thread::JoinHandle<u64>> = (1..=n)
        // `move`: the thread takes its own copy of `i`; it may outlive this loop.
        .map(|i| thread::spawn(move || (1..=i * 1_000).sum()))
        .collect();
    handles
        .into_iter()
        // `join` is `Err` only if the thread panicked; these sums cannot.
        .map(|h| h.join().expect("a summing thread panicked"))
        .collect()
}
// ANCHOR_END: spawn

// ANCHOR: scoped
/// Sums `data` in `parts` pieces, one scoped thread per piece.
///
/// A scoped thread may borrow from the caller (`data` here, no copy and no `Arc`):
/// `thread::scope` does not return before every thread spawned in it has finished.
pub fn scoped_sum(data: &[u64], parts: usize) -> u64 {
    let size = data.len().div_ceil(parts.max(1)).max(1);
    thread::scope(|s| {
        let handles: Vec<_> = data
            .chunks(size)
            .map(|chunk| s.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a summing thread panicked"))
            .sum()
    })
}
// ANCHOR_END: scoped

// ANCHOR: arc
/// Shares one read-only table between threads that may outlive the caller.
///
/// `Arc` (atomically reference-counted) keeps the table alive as long as any thread
/// holds a clone; each clone costs one atomic increment, not a copy of the table.
pub fn shared_table(words: Vec<String>, threads: usize) -> Vec<usize> {
    let table = Arc::new(words);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let table = Arc::clone(&table);
            thread::spawn(move || table.iter().filter(|w| w.len() > t).count())
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("a counting thread panicked"))
        .collect()
}
// ANCHOR_END: arc

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_return_their_results() {
        assert_eq!(spawn_and_join(2), [500_500, 2_001_000]);
        let data: Vec<u64> = (1..=100).collect();
        assert_eq!(scoped_sum(&data, 3), 5_050);
        assert_eq!(scoped_sum(&[], 3), 0);
        let words = ["a", "bb", "ccc"].map(String::from).to_vec();
        assert_eq!(shared_table(words, 3), [3, 2, 1]);
    }
}
