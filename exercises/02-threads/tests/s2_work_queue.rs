//! Step 2: `process` must feed its workers through a queue bounded to `capacity` jobs.
//!
//! The jobs come from a [`Feed`], an iterator that counts how many jobs were pulled out
//! of it; `work` counts how many were started. Pulled but not started means waiting in
//! the queue (or in a hand on its way in or out). While the workers are held at a gate,
//! a bounded queue stops the feeder once it is full; an unbounded one lets it pull every
//! job. Both are exact counts, not timings: while every worker waits at the gate, no job
//! is in a worker's hand, so pulled but not started is exactly the queue plus the one job
//! in the feeder's hand, whatever the threads' timing.

#[path = "support/meeting.rs"]
mod support;

use std::collections::HashSet;
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use support::{Meeting, within};
use threads::s2_work_queue::process;

// Under the course runner's 15 s limit for a whole test binary, so that a hang is
// reported by the test with its likely cause.
const LIMIT: Duration = Duration::from_secs(10);
/// The workers of the gated tests.
const WORKERS: usize = 2;
const HANG: &str = "process never returned: does every worker stop when the queue is \
                    closed (drop the sender after the last job)?";

/// What the feed and the workers have done so far.
#[derive(Debug, Default)]
struct Counts {
    pulled: usize,
    started: usize,
    /// The most jobs ever pulled and not yet started.
    high: usize,
    /// The same, counted only while every worker waited at the closed gate: the queue
    /// plus the feeder's hand, with no job on its way between the queue and a worker.
    high_gated: usize,
    /// The gate has opened (its condition was met, or patience ran out).
    open: bool,
    /// The gate's condition was met.
    reached: bool,
}

/// Watches the feed and the workers; holds the workers at a gate until
/// `ready(counts, jobs, capacity)` says so.
struct Watch {
    counts: Mutex<Counts>,
    changed: Condvar,
    jobs: usize,
    ready: fn(&Counts, usize, usize) -> bool,
    capacity: usize,
}

impl Watch {
    fn new(jobs: usize, capacity: usize, ready: fn(&Counts, usize, usize) -> bool) -> Self {
        Self {
            counts: Mutex::new(Counts::default()),
            changed: Condvar::new(),
            jobs,
            ready,
            capacity,
        }
    }

    fn pulled(&self) {
        let mut c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        c.pulled += 1;
        c.high = c.high.max(c.pulled - c.started);
        if all_gated(&c) {
            c.high_gated = c.high_gated.max(c.pulled - c.started);
        }
        self.changed.notify_all();
    }

    /// A worker starts a job: it waits at the gate (at most `patience`) until it opens.
    fn started(&self, patience: Duration) {
        let deadline = Instant::now() + patience;
        let mut c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        c.started += 1;
        if all_gated(&c) {
            // The last worker has just reached the gate: count what waits now, too.
            c.high_gated = c.high_gated.max(c.pulled - c.started);
        }
        while !c.open {
            if (self.ready)(&c, self.jobs, self.capacity) {
                c.reached = true;
                c.open = true;
                break;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                c.open = true;
                break;
            }
            c = self
                .changed
                .wait_timeout(c, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        self.changed.notify_all();
    }
}

/// Every worker has started a job and waits at the closed gate.
fn all_gated(c: &Counts) -> bool {
    !c.open && c.started == WORKERS
}

/// Jobs `0..n`, counted as they are pulled.
fn feed(watch: &Watch, n: usize) -> impl Iterator<Item = usize> + '_ {
    (0..n).inspect(|_| watch.pulled())
}

/// Runs `process` with workers held at the gate of `ready`; returns the counts at the end.
fn run_gated(
    jobs: usize,
    capacity: usize,
    patience: Duration,
    ready: fn(&Counts, usize, usize) -> bool,
) -> Counts {
    within(LIMIT, HANG, move || {
        let watch = Watch::new(jobs, capacity, ready);
        let results = process(feed(&watch, jobs), capacity, WORKERS, |job| {
            watch.started(patience);
            job
        });
        assert_eq!(results.len(), jobs, "every job must give one result");
        watch.counts.into_inner().unwrap_or_else(|e| e.into_inner())
    })
}

#[test]
fn the_queue_never_holds_more_than_its_capacity() {
    let capacity = 4;
    // The gate opens when every job has been pulled: only possible if nothing bounds the
    // queue. A bounded one keeps the workers waiting for a second, then lets them go.
    let counts = run_gated(40, capacity, Duration::from_secs(1), |c, jobs, _| {
        c.pulled == jobs
    });
    // While the workers wait at the gate: the queue, plus one job in the feeder's hand.
    // Later, also one per worker between taking a job and starting it.
    let (most_gated, most) = (capacity + 1, capacity + 1 + WORKERS);
    assert!(
        counts.high_gated <= most_gated && counts.high <= most,
        "{} jobs were waiting at once with a capacity of {capacity}: the queue is not \
         bounded to its capacity (or the jobs were all pulled up front); use \
         crossbeam_channel::bounded(capacity) and pull each job only when there is room",
        counts.high.max(counts.high_gated)
    );
}

#[test]
fn the_queue_fills_up_to_its_capacity() {
    let capacity = 4;
    // The gate opens when, with every worker at the gate, the queue is full and the
    // feeder holds the next job.
    let counts = run_gated(40, capacity, Duration::from_secs(2), |c, _, capacity| {
        all_gated(c) && c.pulled - c.started > capacity
    });
    assert!(
        counts.reached,
        "with the workers busy, the queue never held more than {} jobs though its capacity \
         is {capacity}: a smaller bound makes the feeder wait too soon (bounded(1), or 0, \
         or capacity - 1); use bounded(capacity)",
        counts.high_gated.saturating_sub(1)
    );
}

#[test]
fn the_workers_run_at_the_same_time() {
    let workers = 3;
    let (met, threads, caller) = within(LIMIT, HANG, move || {
        let meeting = Meeting::new(workers);
        let seen: Mutex<HashSet<ThreadId>> = Mutex::new(HashSet::new());
        let met = process(0..30, 2, workers, |_| {
            let first = seen.lock().unwrap().insert(thread::current().id());
            !first || meeting.arrive()
        });
        (
            met.iter().all(|&m| m),
            seen.into_inner().unwrap(),
            thread::current().id(),
        )
    });
    assert!(
        met,
        "the {workers} workers were never all at work at the same time: start every \
         worker before feeding the queue, and join them only after closing it"
    );
    assert_eq!(
        threads.len(),
        workers,
        "{workers} workers, {workers} threads"
    );
    assert!(
        !threads.contains(&caller),
        "the calling thread feeds the queue; the jobs run on the workers"
    );
}

#[test]
fn every_job_is_done_exactly_once() {
    let mut results = within(LIMIT, HANG, || process(0..1_000u32, 8, 4, |x| x * 2));
    results.sort_unstable();
    let expected: Vec<u32> = (0..1_000).map(|x| x * 2).collect();
    assert!(
        results == expected,
        "expected each of the 1000 jobs once; got {} results",
        results.len()
    );
}

#[test]
fn no_jobs_give_no_results() {
    let none: Vec<u8> = within(LIMIT, HANG, || process(Vec::<u8>::new(), 2, 2, |x| x));
    assert!(none.is_empty());
}
