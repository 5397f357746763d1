//! Step 5: the timer heap: wake each timer at its deadline, earliest first.

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

    /// Wakes, earliest first, every timer whose deadline is at or before `now`;
    /// returns how many fired.
    pub fn fire_due(&mut self, now: Duration) -> usize {
        let mut fired = 0;
        while let Some(&Reverse((deadline, id))) = self.heap.peek() {
            if deadline > now {
                break; // the earliest is in the future: so are all the others
            }
            self.heap.pop();
            if let Some(waker) = self.wakers.remove(&id) {
                waker.wake();
                fired += 1;
            }
        }
        fired
    }

    /// How many timers are waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
