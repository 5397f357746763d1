//! Wrong: put does not wait when the buffer is full, so it grows past its capacity
//! Expect: put() returned while the buffer was full
//!
//! Producers `put` items in, consumers `take` them out. A full buffer makes producers
//! wait; an empty one makes consumers wait. Waiting means sleeping on a `Condvar` until
//! another thread changes the state and notifies it: no polling, no CPU spent.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A first-in, first-out buffer of at most `capacity` items, shared by reference between
/// producer and consumer threads.
pub struct Buffer<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
    /// Notified when an item is put in: consumers wait on it.
    not_empty: Condvar,
    /// Notified when an item is taken out: producers wait on it.
    not_full: Condvar,
}

impl<T> Buffer<T> {
    /// A buffer for `capacity` items (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            items: Mutex::new(VecDeque::with_capacity(capacity.max(1))),
            capacity: capacity.max(1),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// How many items are in the buffer now.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<T>> {
        // A poisoned lock means a thread panicked holding it; a VecDeque is never left
        // half-changed by push or pop, so the items are still whole.
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    // ANCHOR: mistake
    /// Puts `item` at the back, first waiting while the buffer is full.
    pub fn put(&self, item: T) {
        // "the consumers will catch up": nothing stops the buffer from growing
        let mut items = self.lock();
        items.push_back(item);
        // One item in, so one consumer can go on. Notified under the lock or after
        // dropping it, both are correct; the state change is what must happen under it.
        self.not_empty.notify_one();
    }
    // ANCHOR_END: mistake

    /// Takes the item at the front, first waiting while the buffer is empty.
    pub fn take(&self) -> T {
        let items = self.lock();
        let mut items = self
            .not_empty
            .wait_while(items, |items| items.is_empty())
            .unwrap_or_else(|e| e.into_inner());
        let item = items
            .pop_front()
            .expect("wait_while returned, so the buffer is not empty");
        self.not_full.notify_one();
        item
    }
}
