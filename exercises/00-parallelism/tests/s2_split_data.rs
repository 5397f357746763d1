//! Step 2: `split_and_sum` must split `0..limit` into `threads` even, contiguous ranges
//! (lengths differing by at most one; which ranges get the extra numbers is free) and
//! count them on `threads` threads, all in progress at once (overlapping in time; the
//! [`Meeting`] cannot tell, and does not need to, whether two cores ran them).

#[path = "support/meeting.rs"]
mod support;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Mutex;
use std::thread::{self, ThreadId};
use std::time::Duration;

use parallelism::s2_split_data::split_and_sum;
use support::{Meeting, within};

const LIMIT: Duration = Duration::from_secs(20);
const HANG: &str = "a thread never finished: is every handle joined exactly once?";

/// What one recorded call of `split_and_sum` saw.
struct Record {
    total: u64,
    /// Each range, and the thread that counted it.
    seen: Vec<(Range<u64>, ThreadId)>,
    /// The thread that called `split_and_sum`.
    caller: ThreadId,
}

/// Calls `split_and_sum`, recording each range and the thread that counted it.
///
/// `within` runs the call on a thread of its own, so the caller's id is read there, in
/// the same closure, and not on the test's thread.
fn record(limit: u64, threads: usize) -> Record {
    within(LIMIT, HANG, move || {
        let seen = Mutex::new(Vec::new());
        let total = split_and_sum(limit, threads, |range: Range<u64>| {
            seen.lock()
                .unwrap()
                .push((range.clone(), thread::current().id()));
            range.end - range.start
        });
        Record {
            total,
            seen: seen.into_inner().unwrap(),
            caller: thread::current().id(),
        }
    })
}

fn primes_in(range: Range<u64>) -> u64 {
    range
        .filter(|&n| n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count() as u64
}

#[test]
fn counts_the_primes_below_a_limit() {
    let total = within(LIMIT, HANG, || split_and_sum(10_000, 4, primes_in));
    assert_eq!(
        total, 1_229,
        "there are 1229 primes below 10 000: is every range counted once, and the counts added up?"
    );
}

/// Checks the split that `record` saw: `parts` contiguous ranges covering `0..limit`
/// once, lengths differing by at most one. Which ranges get the extra numbers is up to
/// the answer: the first ones, the last ones, any.
fn check_split(limit: u64, parts: usize) {
    let Record { total, seen, .. } = record(limit, parts);
    assert_eq!(
        total, limit,
        "split_and_sum({limit}, {parts}) counted {total} numbers: every number of 0..{limit} \
         must be counted exactly once (a remainder dropped, or counted twice?)"
    );
    let mut ranges: Vec<Range<u64>> = seen.into_iter().map(|(r, _)| r).collect();
    ranges.sort_by_key(|r| r.start);
    assert_eq!(
        ranges.len(),
        parts,
        "{parts} threads, {parts} ranges: {ranges:?}"
    );
    let contiguous = ranges.first().is_some_and(|r| r.start == 0)
        && ranges.last().is_some_and(|r| r.end == limit)
        && ranges.windows(2).all(|pair| pair[0].end == pair[1].start);
    assert!(
        contiguous,
        "the ranges {ranges:?} must follow each other from 0 to {limit}, with no gap and no overlap"
    );
    let lengths: Vec<u64> = ranges.iter().map(|r| r.end - r.start).collect();
    let (shortest, longest) = (lengths.iter().min(), lengths.iter().max());
    assert!(
        longest.zip(shortest).is_some_and(|(l, s)| l - s <= 1),
        "the ranges {ranges:?} have lengths {lengths:?}: lengths differing by at most one, \
         so that every thread has the same work (share the remainder out, one number each, \
         instead of giving it all to one range)"
    );
}

#[test]
fn the_ranges_cover_everything_once_and_evenly() {
    check_split(10, 3);
}

#[test]
fn the_remainder_is_shared_out_not_given_to_one_range() {
    // 10 = 4 × 2 + 2: two ranges get 3 numbers; one range of 4 is uneven.
    check_split(10, 4);
    check_split(1_000, 7);
}

#[test]
fn each_range_is_counted_on_its_own_thread() {
    let Record { seen, caller, .. } = record(1_000, 4);
    assert_eq!(seen.len(), 4, "one call of `count` per range, four ranges");
    let threads: HashSet<ThreadId> = seen.iter().map(|(_, t)| *t).collect();
    assert_eq!(
        threads.len(),
        4,
        "four ranges were counted on {} thread(s): each range needs a thread of its own",
        threads.len()
    );
    assert!(
        !threads.contains(&caller),
        "the calling thread must not count a range itself"
    );
}

#[test]
fn the_ranges_are_counted_at_the_same_time() {
    let met = within(LIMIT, HANG, || {
        let meeting = Meeting::new(3);
        let met = Mutex::new(Vec::new());
        split_and_sum(300, 3, |_| {
            // Arrive first, then lock: holding the lock while waiting would keep the
            // other threads from arriving.
            let all_here = meeting.arrive();
            met.lock().unwrap().push(all_here);
            0
        });
        met.into_inner().unwrap()
    });
    assert_eq!(
        met, [true; 3],
        "the threads did not all run at the same time: start them all before joining any"
    );
}

#[test]
fn one_thread_counts_the_whole_range() {
    let Record { total, seen, .. } = record(7, 1);
    assert_eq!(total, 7, "one thread counts every number of 0..7");
    assert_eq!(
        seen[0].0,
        0..7,
        "with one thread, its range is the whole of 0..7"
    );
}
