//! A producer/consumer buffer on a condition variable (Python's `threading.Condition`).

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: buffer
/// At most `capacity` items, first in first out. `put` sleeps while the buffer is full,
/// `take` while it is empty; each wakes the other side when it changes the state.
pub struct Buffer<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> Buffer<T> {
    pub fn new(capacity: usize) -> Self {
        Self {
            items: Mutex::new(VecDeque::new()),
            capacity: capacity.max(1),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// Puts `item` in; returns whether it had to wait for room.
    pub fn put(&self, item: T) -> bool {
        let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        let full = items.len() >= self.capacity;
        // `wait_while` releases the lock while asleep and re-checks after every wake-up
        // (another producer may have filled the room first; wake-ups can be spurious).
        let mut items = self
            .not_full
            .wait_while(items, |items| items.len() >= self.capacity)
            .unwrap_or_else(|e| e.into_inner());
        items.push_back(item);
        self.not_empty.notify_one();
        full
    }

    /// Takes the oldest item; returns it and whether it had to wait for one.
    pub fn take(&self) -> (T, bool) {
        let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        let empty = items.is_empty();
        let mut items = self
            .not_empty
            .wait_while(items, |items| items.is_empty())
            .unwrap_or_else(|e| e.into_inner());
        let item = items.pop_front().expect("wait_while saw an item");
        self.not_full.notify_one();
        (item, empty)
    }
}
// ANCHOR_END: buffer

/// How often each side had to sleep in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waits {
    pub items: u32,
    pub producer_waited: u32,
    pub consumer_waited: u32,
}

/// One producer puts `items` in as fast as it can; one consumer spends `each` per item.
pub fn producer_consumer(items: u32, capacity: usize, each: Duration) -> Waits {
    let buffer = Buffer::new(capacity);
    thread::scope(|s| {
        let producer = s.spawn(|| (0..items).filter(|&i| buffer.put(i)).count());
        let consumer = s.spawn(|| {
            let mut waited = 0;
            for expected in 0..items {
                let (item, empty) = buffer.take();
                assert_eq!(item, expected, "first in, first out");
                waited += u32::from(empty);
                thread::sleep(each);
            }
            waited
        });
        Waits {
            items,
            producer_waited: producer.join().expect("the producer panicked") as u32,
            consumer_waited: consumer.join().expect("the consumer panicked"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_producer_waits_for_a_slow_consumer() {
        let waits = producer_consumer(20, 2, Duration::from_millis(1));
        // Only the first items find room without waiting.
        assert!(waits.producer_waited >= 10, "{waits:?}");
    }
}
