//! Wrong: when the earliest timer is due, fires every timer: the later ones fire early
//! Expect: a timer fired early

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
    pub fn add(&mut self, deadline: Duration, waker: Waker) {
        let id = self.next;
        self.next += 1;
        self.heap.push(Reverse((deadline, id)));
        self.wakers.insert(id, waker);
    }

    /// The earliest deadline still waiting: how long the loop may sleep.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.heap.peek().map(|Reverse((deadline, _))| *deadline)
    }

    // ANCHOR: mistake
    /// Wakes, earliest first, every timer whose deadline is at or before `now`;
    /// returns how many fired.
    pub fn fire_due(&mut self, now: Duration) -> usize {
        let mut fired = 0;
        if self.next_deadline().is_none_or(|first| first > now) {
            return 0;
        }
        // Something is due: fire them all, in order, while we are at it.
        while let Some(Reverse((_, id))) = self.heap.pop() {
            if let Some(waker) = self.wakers.remove(&id) {
                waker.wake();
                fired += 1;
            }
        }
        fired
    }
    // ANCHOR_END: mistake

    /// How many timers are waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
