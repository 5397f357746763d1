//! Step 5: the timer heap: wake each timer at its deadline, earliest first.

// Until the TODOs are done, some imports and fields are unused; the project lints
// with `-D warnings`. (Delete this line once the step passes, if you like.)
#![allow(unused_imports, dead_code)]

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::task::Waker;
use std::time::Duration;

/// Timers waiting to fire. Deadlines are durations since the loop started, read from
/// the loop's clock (which tests move by hand).
#[derive(Default)]
pub struct Timers {
    /// A min-heap of (deadline, sequence): `BinaryHeap` is a max-heap, `Reverse` turns
    /// it round. The sequence number keeps timers with equal deadlines in the order they
    /// were added.
    heap: BinaryHeap<Reverse<(Duration, u64)>>,
    wakers: HashMap<u64, Waker>,
    next: u64,
}

impl Timers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a timer that wakes `waker` at `deadline`.
    // TODO (the three methods below): keep the timers in `heap`, earliest deadline on
    // top, and their wakers in `wakers` under their sequence number.
    #[allow(unused_variables)]
    pub fn add(&mut self, deadline: Duration, waker: Waker) {
        todo!("add a timer")
    }

    /// The earliest deadline still waiting: how long the loop may sleep.
    pub fn next_deadline(&self) -> Option<Duration> {
        todo!("the earliest deadline")
    }

    /// Wakes, earliest first, every timer whose deadline is at or before `now`;
    /// returns how many fired.
    #[allow(unused_variables)]
    pub fn fire_due(&mut self, now: Duration) -> usize {
        todo!("wake the due timers, earliest first")
    }

    /// How many timers are waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
