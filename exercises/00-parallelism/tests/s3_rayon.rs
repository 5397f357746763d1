//! Step 3: `par_map` must run on the rayon pool it is called from, spread over its
//! threads, with the results in order.
//!
//! Each test builds its own small pool (`ThreadPoolBuilder`), with named threads, and
//! calls `par_map` inside `pool.install`: the thread's name tells whether an item ran on
//! *that* pool (and not on one `par_map` built for itself), and
//! `rayon::current_thread_index()` tells which of its workers ran it.

#[path = "support/meeting.rs"]
mod support;

use std::collections::HashSet;
use std::thread;
use std::time::Duration;

use parallelism::s3_rayon::par_map;
use rayon::ThreadPoolBuilder;
use support::{Meeting, within};

const LIMIT: Duration = Duration::from_secs(20);
const HANG: &str = "par_map never returned";
const WORKERS: usize = 3;
/// The name of every thread of the test's pool starts with this.
const POOL_THREAD: &str = "s3-pool-";

/// Runs `f` inside a fresh pool of `WORKERS` threads named `s3-pool-0`, `s3-pool-1`, ….
fn in_pool<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    within(LIMIT, HANG, move || {
        let pool = ThreadPoolBuilder::new()
            .num_threads(WORKERS)
            .thread_name(|i| format!("{POOL_THREAD}{i}"))
            .build()
            .expect("a small pool builds");
        pool.install(f)
    })
}

#[test]
fn results_come_back_in_the_order_of_the_items() {
    let words = ["one", "three", "seven"];
    let lengths = in_pool(move || par_map(&words, |w| w.len()));
    assert_eq!(
        lengths,
        [3, 5, 5],
        "the length of each word, at the place of its word"
    );
}

#[test]
fn results_keep_the_order_of_the_items_whatever_order_they_finish_in() {
    // The first item takes longest, the last none: they finish last item first, 150 ms
    // apart, far more than the nanoseconds between a result and its collection.
    let items: Vec<u64> = vec![0, 1, 2];
    let out = in_pool(move || {
        par_map(&items, |&i| {
            thread::sleep(Duration::from_millis(150 * (2 - i)));
            i
        })
    });
    assert_eq!(
        out,
        [0, 1, 2],
        "here the last item finished first: results must come back in the order of the \
         items, not in the order they finished (collect the parallel iterator instead of \
         pushing onto a shared list)"
    );
}

#[test]
fn every_item_runs_on_the_pool_it_is_called_from() {
    let items: Vec<u32> = (0..50).collect();
    let threads =
        in_pool(move || par_map(&items, |_| thread::current().name().map(str::to_string)));
    assert_eq!(threads.len(), 50, "one result per item");
    let elsewhere: Vec<_> = threads
        .iter()
        .filter(|name| !name.as_deref().is_some_and(|n| n.starts_with(POOL_THREAD)))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{} items ran outside the caller's pool (one on {}): use the pool you are \
         called from, not threads or a pool of your own",
        elsewhere.len(),
        elsewhere[0]
            .as_deref()
            .map_or("an unnamed thread".to_string(), |n| format!("thread {n:?}"))
    );
}

#[test]
fn the_items_are_spread_over_the_pool_at_the_same_time() {
    let (workers, met) = in_pool(|| {
        let meeting = Meeting::new(WORKERS);
        let results = par_map(&[(); WORKERS], |_| {
            (rayon::current_thread_index(), meeting.arrive())
        });
        results.into_iter().unzip::<_, _, Vec<_>, Vec<_>>()
    });
    assert_eq!(
        met, [true; WORKERS],
        "the items ran one after another: `iter()` is sequential, `par_iter()` is parallel"
    );
    let distinct: HashSet<_> = workers.into_iter().collect();
    assert_eq!(
        distinct.len(),
        WORKERS,
        "{WORKERS} items at once need {WORKERS} workers"
    );
}
