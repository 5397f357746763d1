//! Step 3: `par_map` must run on the rayon pool it is called from, spread over its
//! threads, with the results in order.
//!
//! Each test builds its own small pool (`ThreadPoolBuilder`) and calls `par_map` inside
//! `pool.install`, so `rayon::current_thread_index()` tells which worker ran an item.

#[path = "support/meeting.rs"]
mod support;

use std::collections::HashSet;
use std::time::Duration;

use parallelism::s3_rayon::par_map;
use rayon::ThreadPoolBuilder;
use support::{Meeting, within};

const LIMIT: Duration = Duration::from_secs(20);
const HANG: &str = "par_map never returned";
const WORKERS: usize = 3;

/// Runs `f` inside a fresh pool of `WORKERS` threads.
fn in_pool<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    within(LIMIT, HANG, move || {
        let pool = ThreadPoolBuilder::new()
            .num_threads(WORKERS)
            .build()
            .expect("a small pool builds");
        pool.install(f)
    })
}

#[test]
fn results_come_back_in_the_order_of_the_items() {
    let words = ["one", "three", "seven"];
    let lengths = in_pool(move || par_map(&words, |w| w.len()));
    assert_eq!(lengths, [3, 5, 5]);
}

#[test]
fn every_item_runs_on_a_worker_of_the_pool() {
    let items: Vec<u32> = (0..50).collect();
    let workers = in_pool(move || par_map(&items, |_| rayon::current_thread_index()));
    assert_eq!(workers.len(), 50);
    assert!(
        workers.iter().all(Option::is_some),
        "some items ran outside the rayon pool: use rayon's parallel iterators, not your own threads"
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
