//! Wrong: locks `from` then `to`, so two opposite transfers each hold one lock and wait for the other
//! Expect: the two transfers deadlocked
//!
//! A transfer must hold both accounts at once, so that nobody ever sees the money in
//! neither of them. Two transfers in opposite directions, each locking `from` and then
//! `to`, can each take one lock and wait for ever for the other's.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};

/// Told what an account's lock is doing. The tests use it to watch your transfers (and
/// to make the unlucky interleaving happen on every run); the demo leaves it out.
pub trait Watch: Send + Sync {
    /// The calling thread is about to wait for account `id`'s lock.
    fn wants(&self, id: u32);
    /// The calling thread now holds account `id`'s lock.
    fn got(&self, id: u32);
    /// The calling thread is letting go of account `id`'s lock.
    fn released(&self, id: u32);
}

/// An account: an id (unique) and a balance behind a lock.
pub struct Account {
    id: u32,
    balance: Mutex<i64>,
    watch: Option<Arc<dyn Watch>>,
}

/// The balance of a locked account; the lock is released when this is dropped.
pub struct Held<'a> {
    account: &'a Account,
    balance: MutexGuard<'a, i64>,
}

impl Account {
    pub fn new(id: u32, balance: i64) -> Self {
        Self {
            id,
            balance: Mutex::new(balance),
            watch: None,
        }
    }

    /// An account whose lock reports to `watch`.
    pub fn watched(id: u32, balance: i64, watch: Arc<dyn Watch>) -> Self {
        Self {
            watch: Some(watch),
            ..Self::new(id, balance)
        }
    }

    pub fn id(&self) -> u32 {
        self.id
    }

    /// Waits for this account's lock and holds it until the `Held` is dropped.
    pub fn lock(&self) -> Held<'_> {
        if let Some(watch) = &self.watch {
            watch.wants(self.id);
        }
        // A poisoned lock means a thread panicked while holding it; the number is whole.
        let balance = self.balance.lock().unwrap_or_else(|e| e.into_inner());
        self.held(balance)
    }

    /// Takes this account's lock only if it is free right now.
    pub fn try_lock(&self) -> Option<Held<'_>> {
        let balance = match self.balance.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(self.held(balance))
    }

    /// The balance now (takes the lock for a moment).
    pub fn balance(&self) -> i64 {
        *self.balance.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn held<'a>(&'a self, balance: MutexGuard<'a, i64>) -> Held<'a> {
        if let Some(watch) = &self.watch {
            watch.got(self.id);
        }
        Held {
            account: self,
            balance,
        }
    }
}

impl Deref for Held<'_> {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.balance
    }
}

impl DerefMut for Held<'_> {
    fn deref_mut(&mut self) -> &mut i64 {
        &mut self.balance
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Some(watch) = &self.account.watch {
            watch.released(self.account.id);
        }
    }
}

// ANCHOR: mistake
/// Moves `amount` from one account to the other.
pub fn transfer(from: &Account, to: &Account, amount: i64) {
    if from.id() == to.id() {
        return;
    }
    // the order follows the direction: the transfer the other way takes them reversed
    let mut from_balance = from.lock();
    let mut to_balance = to.lock();
    *from_balance -= amount;
    *to_balance += amount;
}
// ANCHOR_END: mistake
