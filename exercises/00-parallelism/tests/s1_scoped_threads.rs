//! Step 1: `parallel_map` must run every item on its own thread, all in progress at once.
//!
//! The proof is a [`Meeting`]: each call of `work` waits until every other call is in
//! progress too. Run one after another, the first call waits alone and the meeting fails.
//! It proves overlap in time, not parallelism: pinned to one CPU (`taskset -c 0`), the
//! OS interleaves the threads and a correct answer still passes (see `support/meeting.rs`).

#[path = "support/meeting.rs"]
mod support;

use std::collections::HashSet;
use std::sync::Mutex;
use std::thread::{self, ThreadId};
use std::time::Duration;

use parallelism::s1_scoped_threads::parallel_map;
use support::{Meeting, ReverseFinish, within};

const LIMIT: Duration = Duration::from_secs(20);
const HANG: &str = "a thread never finished: is every handle joined exactly once?";

#[test]
fn results_come_back_in_the_order_of_the_items() {
    let squares = within(LIMIT, HANG, || {
        parallel_map(vec![1, 2, 3, 4, 5], |x: u64| x * x)
    });
    assert_eq!(
        squares,
        [1, 4, 9, 16, 25],
        "each result belongs at the place of its item"
    );
}

#[test]
fn results_keep_the_order_of_the_items_whatever_order_they_finish_in() {
    let out = within(LIMIT, HANG, || {
        let finish = ReverseFinish::new(4);
        parallel_map(vec![0, 1, 2, 3], |i: usize| {
            finish.finish(i);
            i
        })
    });
    assert_eq!(
        out,
        [0, 1, 2, 3],
        "here the last item finished first: results must come back in the order of the \
         items, not in the order the threads finished (keep each thread's handle and join \
         them in order)"
    );
}

#[test]
fn every_item_runs_at_the_same_time() {
    let met = within(LIMIT, HANG, || {
        let meeting = Meeting::new(4);
        parallel_map(vec!["a", "b", "c", "d"], |_| meeting.arrive())
    });
    assert_eq!(
        met, [true; 4],
        "the items did not all run at the same time: start every thread before joining any"
    );
}

#[test]
fn every_item_gets_its_own_thread_not_the_callers() {
    let (caller, seen) = within(LIMIT, HANG, || {
        let seen: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
        parallel_map((0..6).collect(), |_: i32| {
            seen.lock().unwrap().push(thread::current().id());
        });
        (thread::current().id(), seen.into_inner().unwrap())
    });
    assert_eq!(seen.len(), 6, "work must be called once per item");
    let distinct: HashSet<_> = seen.iter().collect();
    assert_eq!(distinct.len(), 6, "six items, six threads: {seen:?}");
    assert!(
        !seen.contains(&caller),
        "the calling thread must not run items itself"
    );
}

#[test]
fn no_items_give_no_results() {
    let none: Vec<u8> = within(LIMIT, HANG, || parallel_map(Vec::<u8>::new(), |x| x));
    assert!(none.is_empty(), "no items, no results: got {none:?}");
}
