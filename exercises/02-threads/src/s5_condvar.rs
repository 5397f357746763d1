//! Step 5: a bounded buffer on a condition variable.
//!
//! Producers `put` items in, consumers `take` them out. A full buffer makes producers
//! wait; an empty one makes consumers wait. Waiting means sleeping on a `Condvar` until
//! another thread changes the state and notifies it: no polling, no CPU spent.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A first-in, first-out buffer of at most `capacity` items, shared by reference between
/// producer and consumer threads.
// Until the TODOs are done, some fields are never read; the project lints with
// `-D warnings`.
#[allow(dead_code)]
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

    /// Puts `item` at the back, first waiting while the buffer is full.
    // Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
    #[allow(unused_variables)]
    pub fn put(&self, item: T) {
        // TODO: lock; while the buffer holds `capacity` items, wait on `not_full` (a wait
        // gives the lock back while it sleeps, and takes it again before it returns);
        // push the item; wake a consumer through `not_empty`.
        todo!("wait for room, put the item in, wake a consumer")
    }

    /// Takes the item at the front, first waiting while the buffer is empty.
    pub fn take(&self) -> T {
        // TODO: the mirror image: wait on `not_empty` while empty, pop the front item,
        // wake a producer through `not_full`. Wait in a loop (or `wait_while`): by the
        // time a woken thread runs, another may have taken the item, and wake-ups can
        // even come with nobody notifying.
        todo!("wait for an item, take it out, wake a producer")
    }
}
