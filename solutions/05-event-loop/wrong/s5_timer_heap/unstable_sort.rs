//! Wrong: a sorted Vec kept with `sort_unstable`, which may reorder timers with equal deadlines
//! Expect: an unstable sort

use std::task::Waker;
use std::time::Duration;

#[derive(Default)]
pub struct Timers {
    timers: Vec<(Duration, Waker)>,
}

// ANCHOR: mistake
impl Timers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a timer that wakes `waker` at `deadline`.
    pub fn add(&mut self, deadline: Duration, waker: Waker) {
        self.timers.push((deadline, waker));
        // Keep them sorted by deadline, the earliest first.
        self.timers.sort_unstable_by_key(|(deadline, _)| *deadline);
    }

    pub fn next_deadline(&self) -> Option<Duration> {
        self.timers.first().map(|(deadline, _)| *deadline)
    }

    pub fn fire_due(&mut self, now: Duration) -> usize {
        let due = self
            .timers
            .partition_point(|(deadline, _)| *deadline <= now);
        for (_, waker) in self.timers.drain(..due) {
            waker.wake();
        }
        due
    }
    // ANCHOR_END: mistake

    pub fn len(&self) -> usize {
        self.timers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timers.is_empty()
    }
}
