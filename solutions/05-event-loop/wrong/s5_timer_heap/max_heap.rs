//! Wrong: uses BinaryHeap without Reverse: a max-heap, so the latest deadline is on top and timers fire in reverse order
//! Expect: not in deadline order

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
    heap: BinaryHeap<(Duration, u64)>,
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
        self.heap.push((deadline, id));
        self.wakers.insert(id, waker);
    }

    /// The earliest deadline still waiting: how long the loop may sleep.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.heap.peek().map(|(deadline, _)| *deadline)
    }

    // ANCHOR: mistake
    /// Wakes, earliest first, every timer whose deadline is at or before `now`;
    /// returns how many fired.
    pub fn fire_due(&mut self, now: Duration) -> usize {
        let mut fired = 0;
        while let Some(&(deadline, id)) = self.heap.peek() {
            if deadline > now {
                break; // the top is in the future: so are all the others?
            }
            self.heap.pop();
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
