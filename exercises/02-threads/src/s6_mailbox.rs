//! Step 6: hand a value from one thread to another with two atomics and the right
//! memory orderings, checked by loom.

use std::sync::atomic::{AtomicU64, Ordering};

// ANCHOR: atomic_trait
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
// ANCHOR_END: atomic_trait

/// A one-time mailbox: one thread posts a value once, any thread may check for it.
///
/// Two atomics: the value, and a flag saying it is there. Storing them is easy; the
/// question is what a thread that sees the flag set is guaranteed to see in the value.
// Until the TODOs are done, the fields are never read; the project lints with `-D warnings`.
#[allow(dead_code)]
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

    /// Posts `value` (call it once).
    // Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
    #[allow(unused_variables)]
    pub fn post(&self, value: u64) {
        // TODO: store the value, then set `full` to 1. The value's store can be
        // `Relaxed`; the flag's store must publish it: which ordering makes every write
        // before it visible to a thread whose load sees the flag?
        todo!("store the value, then raise the flag so that it publishes the value")
    }

    /// The posted value, or `None` if nothing was posted yet.
    pub fn check(&self) -> Option<u64> {
        // TODO: load the flag; if it is 1, load the value. The flag's load must pair with
        // the store in `post` (`Relaxed` compiles, and loom will show what it allows).
        todo!("load the flag, and only if it is up, the value")
    }
}
