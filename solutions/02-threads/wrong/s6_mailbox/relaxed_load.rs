//! Wrong: Release on the store but Relaxed on the load, so the pair never forms
//! Expect: check() saw the mailbox full but read the value 0
//! memory orderings, checked by loom.

use std::sync::atomic::{AtomicU64, Ordering};

/// The operations the mailbox needs from an atomic number.
///
/// std's `AtomicU64` has them (below). The tests implement this trait for loom's atomic,
/// which lets loom run the very same mailbox code under every interleaving and every
/// value a load is allowed to see.
pub trait Atomic: Send + Sync {
    fn new(value: u64) -> Self;
    fn load(&self, order: Ordering) -> u64;
    fn store(&self, value: u64, order: Ordering);
}

impl Atomic for AtomicU64 {
    fn new(value: u64) -> Self {
        AtomicU64::new(value)
    }

    fn load(&self, order: Ordering) -> u64 {
        AtomicU64::load(self, order)
    }

    fn store(&self, value: u64, order: Ordering) {
        AtomicU64::store(self, value, order);
    }
}

/// A one-time mailbox: one thread posts a value once, any thread may check for it.
///
/// Two atomics: the value, and a flag saying it is there. Storing them is easy; the
/// question is what a thread that sees the flag set is guaranteed to see in the value.
pub struct Mailbox<A: Atomic = AtomicU64> {
    value: A,
    full: A,
}

impl<A: Atomic> Default for Mailbox<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Atomic> Mailbox<A> {
    pub fn new() -> Self {
        Self {
            value: A::new(0),
            full: A::new(0),
        }
    }

    // ANCHOR: mistake
    /// Posts `value` (call it once).
    pub fn post(&self, value: u64) {
        // The value itself needs no ordering of its own: the flag's store publishes it.
        self.value.store(value, Ordering::Relaxed);
        // Release: every write this thread made before it is visible to a thread whose
        // Acquire load reads this 1.
        self.full.store(1, Ordering::Release);
    }

    /// The posted value, or `None` if nothing was posted yet.
    pub fn check(&self) -> Option<u64> {
        // Relaxed: the Release store above has no Acquire load to pair with
        if self.full.load(Ordering::Relaxed) == 1 {
            Some(self.value.load(Ordering::Relaxed))
        } else {
            None
        }
    }
    // ANCHOR_END: mistake
}
