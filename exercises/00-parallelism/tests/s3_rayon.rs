//! Step 3: `par_map` must run on the rayon pool it is called from, spread over its
//! threads, with the results in order.
//!
//! Each test builds its own small pool (`ThreadPoolBuilder`), with named threads, and
//! calls `par_map` inside `pool.install`: the thread's name tells whether an item ran on
//! *that* pool (and not on one `par_map` built for itself), and
//! `rayon::current_thread_index()` tells which of its workers ran it.

#[path = "support/meeting.rs"]
mod support;

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};
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

/// Records which thread starts each item, and holds one item back until some *other*
/// thread has started its second item.
///
/// A worker starts its next item only after it is done with the one before: it has run
/// it and handed the result on (into `collect`'s place for it, or pushed onto a shared
/// list). So once another worker starts a second item, at least one other item has
/// finished and been handed on before the held item returns: whatever the machine's
/// load, the held item never finishes first.
#[derive(Default)]
struct SecondStart {
    /// How many items each thread has started.
    started: Mutex<HashMap<ThreadId, usize>>,
    changed: Condvar,
}

impl SecondStart {
    /// An ordinary item starts on this thread.
    fn start(&self) {
        let mut started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        *started.entry(thread::current().id()).or_default() += 1;
        self.changed.notify_all();
    }

    /// The held item: returns once a thread other than this one has started two items
    /// (or after 3 s, so that an answer that never lets that happen fails, not hangs).
    fn hold(&self) {
        let me = thread::current().id();
        let started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .changed
            .wait_timeout_while(started, Duration::from_secs(3), |started| {
                !started.iter().any(|(who, &n)| *who != me && n >= 2)
            })
            .unwrap_or_else(|e| e.into_inner());
    }
}

#[test]
fn results_keep_the_order_of_the_items_whatever_order_they_finish_in() {
    // Item 0 waits until another worker has started its second item, so it finishes
    // after another item on every run: in the order they finish, item 0 is never first.
    // (7 items on 3 workers: while item 0 holds one worker, the other two share six
    // items, so one of them always starts a second.)
    let items: Vec<usize> = (0..7).collect();
    let out = in_pool(move || {
        let gate = SecondStart::default();
        par_map(&items, |&i| {
            if i == 0 {
                gate.hold();
            } else {
                gate.start();
            }
            i
        })
    });
    assert_eq!(
        out,
        [0, 1, 2, 3, 4, 5, 6],
        "here item 0 finished after other items: results must come back in the order of \
         the items, not in the order they finished (collect the parallel iterator instead \
         of pushing onto a shared list)"
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
