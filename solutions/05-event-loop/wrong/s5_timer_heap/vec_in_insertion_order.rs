//! Wrong: keeps the timers in a Vec in the order they were added and fires from the front: out of deadline order
//! Expect: not in deadline order

use std::task::Waker;
use std::time::Duration;

/// Timers waiting to fire. Deadlines are durations since the loop started, read from
/// the loop's clock (which tests move by hand).
#[derive(Default)]
pub struct Timers {
    /// A min-heap of (deadline, sequence): `BinaryHeap` is a max-heap, `Reverse` turns
    /// it round. The sequence number keeps timers with equal deadlines in the order they
    /// were added.
    heap: Vec<(Duration, Waker)>,
}

impl Timers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a timer that wakes `waker` at `deadline`.
    pub fn add(&mut self, deadline: Duration, waker: Waker) {
        self.heap.push((deadline, waker));
    }

    /// The earliest deadline still waiting: how long the loop may sleep.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.heap.iter().map(|(deadline, _)| *deadline).min()
    }

    // ANCHOR: mistake
    /// Wakes, earliest first, every timer whose deadline is at or before `now`;
    /// returns how many fired.
    pub fn fire_due(&mut self, now: Duration) -> usize {
        let mut fired = 0;
        // Fire from the front while the timers there are due.
        while self
            .heap
            .first()
            .is_some_and(|(deadline, _)| *deadline <= now)
        {
            let (_, waker) = self.heap.remove(0);
            waker.wake();
            fired += 1;
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
