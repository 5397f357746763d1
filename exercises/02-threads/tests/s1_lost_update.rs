//! Step 1: `increment_concurrently` must lose no update, and must run its threads at the
//! same time.
//!
//! The proof is a [`Referee`]: a number that behaves like an `AtomicU64`, except that each
//! thread's first operation waits inside it until every thread has made its first
//! operation. So all threads are at work at once (a sequential answer waits in vain and
//! fails), and a thread that loads, then stores, has loaded before anyone stored: its
//! store overwrites the others'. The race is not left to luck: it fails every run.

#[path = "support/meeting.rs"]
mod support;

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{self, ThreadId};
use std::time::Duration;

use support::{Meeting, within};
use threads::s1_lost_update::{SharedNumber, increment_concurrently};

// Under the course runner's 15 s limit for a whole test binary, so that a hang is
// reported by the test with its likely cause.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "the threads never finished: is every thread joined (the scope does it)?";

/// An `AtomicU64` with a meeting point at each thread's first operation.
struct Referee {
    value: AtomicU64,
    meeting: Meeting,
    seen: Mutex<HashSet<ThreadId>>,
    all_met: AtomicBool,
}

impl Referee {
    fn new(threads: usize) -> Self {
        Self {
            value: AtomicU64::new(0),
            meeting: Meeting::new(threads),
            seen: Mutex::new(HashSet::new()),
            all_met: AtomicBool::new(true),
        }
    }

    /// Called after each operation: a thread's first one waits for all the others.
    fn first_time_meets(&self) {
        let first = self
            .seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(thread::current().id());
        if first && !self.meeting.arrive() {
            self.all_met.store(false, Ordering::SeqCst);
        }
    }
}

impl SharedNumber for Referee {
    fn load(&self) -> u64 {
        let value = self.value.load(Ordering::SeqCst);
        // The value is read; now wait for the others to read too, before anyone writes.
        self.first_time_meets();
        value
    }

    fn store(&self, value: u64) {
        self.first_time_meets();
        self.value.store(value, Ordering::SeqCst);
    }

    fn fetch_add(&self, n: u64) -> u64 {
        let before = self.value.fetch_add(n, Ordering::SeqCst);
        self.first_time_meets();
        before
    }
}

/// Runs `increment_concurrently` on a fresh referee: (final value, did all threads meet).
fn check(threads: usize, per_thread: u64) -> (u64, bool) {
    within(LIMIT, HANG, move || {
        let referee = Referee::new(threads);
        increment_concurrently(&referee, threads, per_thread);
        (
            referee.value.load(Ordering::SeqCst),
            referee.all_met.load(Ordering::SeqCst),
        )
    })
}

#[test]
fn no_increment_is_lost() {
    let (threads, per_thread) = (4, 10_000);
    let (value, _) = check(threads, per_thread);
    let expected = threads as u64 * per_thread;
    assert_eq!(
        value,
        expected,
        "{} of {expected} increments were lost: a load followed by a store is `x = x + 1`, \
         and another thread's store can land between them; make each increment one \
         indivisible step (fetch_add)",
        expected.saturating_sub(value)
    );
}

#[test]
fn the_threads_run_at_the_same_time() {
    let (_, all_met) = check(4, 1_000);
    assert!(
        all_met,
        "the 4 threads never all ran at the same time: start every thread before joining \
         any, and do not hold a lock around a thread's whole job"
    );
}

#[test]
fn it_counts_with_a_real_atomic() {
    let total = within(LIMIT, HANG, || {
        let number = AtomicU64::new(0);
        increment_concurrently(&number, 8, 5_000);
        number.into_inner()
    });
    assert_eq!(total, 40_000, "8 threads × 5000 increments on an AtomicU64");
}

#[test]
fn one_thread_or_no_increments() {
    assert_eq!(check(1, 100).0, 100, "one thread, 100 increments");
    assert_eq!(check(3, 0).0, 0, "zero increments leave the number at zero");
    assert_eq!(check(0, 100).0, 0, "zero threads leave the number at zero");
}
