//! Wrong: waits with `if` instead of `while`, so a woken consumer may find the item already gone
//! Expect: did take() wake up to an empty buffer
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
        let mut items = self.lock();
        if items.len() >= self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        self.not_empty.notify_one();
    }

    /// Takes the item at the front, first waiting while the buffer is empty.
    pub fn take(&self) -> T {
        let mut items = self.lock();
        // checked once: by the time this thread runs again, another may have taken it
        if items.is_empty() {
            items = self.not_empty.wait(items).unwrap();
        }
        let item = items.pop_front().expect("woke up to an empty buffer");
        self.not_full.notify_one();
        item
    }
    // ANCHOR_END: mistake
}
