//! Deadlock: two locks taken in opposite orders, caught by a watchdog, then fixed.
//!
//! Thread 1 moves money from `left` to `right`, thread 2 from `right` to `left`; each
//! locks its source, then its destination. If both take their first lock before either
//! takes its second, each waits for ever for the other. The demo makes that interleaving
//! certain (a barrier between the two locks) and a watchdog reports the cycle instead of
//! hanging. A deadlocked thread cannot be stopped from outside: the two are left blocked
//! (on locks made for them alone) and end with the process.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

/// What one thread holds and waits for.
#[derive(Debug, Default)]
struct Locks {
    holds: Vec<&'static str>,
    waits: Option<&'static str>,
}

/// Who holds which lock and who waits for which, as the threads report it.
#[derive(Debug, Default)]
pub struct Board {
    state: Mutex<BTreeMap<String, Locks>>,
}

impl Board {
    fn entry<R>(&self, who: &str, f: impl FnOnce(&mut Locks) -> R) -> R {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(state.entry(who.to_string()).or_default())
    }

    /// Locks `lock` (named `name`) for `who`, reporting the wait and the hold.
    pub fn lock<'a, T>(
        &self,
        who: &str,
        name: &'static str,
        lock: &'a Mutex<T>,
    ) -> MutexGuard<'a, T> {
        self.entry(who, |e| e.waits = Some(name));
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        self.entry(who, |e| {
            e.waits = None;
            e.holds.push(name);
        });
        guard
    }

    /// Reports that `who` let go of every lock.
    pub fn release_all(&self, who: &str) {
        self.entry(who, |e| e.holds.clear());
    }

    /// A cycle of waits, if there is one: each thread waits for a lock the next holds.
    pub fn find_cycle(&self) -> Option<Vec<String>> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let holder = |lock: &str| {
            state
                .iter()
                .find(|(_, locks)| locks.holds.contains(&lock))
                .map(|(who, _)| who.clone())
        };
        for start in state.keys() {
            let mut path = vec![start.clone()];
            let mut who = start.clone();
            while let Some(wanted) = state.get(&who).and_then(|locks| locks.waits) {
                let next = holder(wanted)?;
                if next == *start {
                    return Some(
                        path.iter()
                            .map(|w| {
                                let Locks { holds, waits } = &state[w];
                                format!("{w} holds {holds:?}, waits for {:?}", waits.unwrap_or("-"))
                            })
                            .collect(),
                    );
                }
                if path.contains(&next) {
                    break;
                }
                path.push(next.clone());
                who = next;
            }
        }
        None
    }
}

/// Two accounts, each behind its own lock.
pub struct Accounts {
    pub left: Mutex<i64>,
    pub right: Mutex<i64>,
}

impl Accounts {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            left: Mutex::new(1_000),
            right: Mutex::new(1_000),
        })
    }

    fn by_name(&self, name: &str) -> &Mutex<i64> {
        if name == "left" {
            &self.left
        } else {
            &self.right
        }
    }
}

/// How the deadlock part ended.
#[derive(Debug)]
pub enum Outcome {
    /// Both threads finished their transfers.
    Finished { retries: u64 },
    /// The watchdog saw no progress and found this cycle of waits.
    Deadlocked(Vec<String>),
}

// ANCHOR: deadlock
/// Moves `amount` from `from` to `to`, locking the source first: the order depends on
/// the direction, which is the bug. `meet` (if any) holds the thread between its two
/// locks until the other thread holds its first one.
fn transfer_naive(
    board: &Board,
    who: &str,
    accounts: &Accounts,
    (from, to): (&'static str, &'static str),
    meet: Option<&Barrier>,
) {
    let mut source = board.lock(who, from, accounts.by_name(from));
    if let Some(barrier) = meet {
        barrier.wait(); // both threads now hold one lock each
    }
    let mut target = board.lock(who, to, accounts.by_name(to));
    *source -= 1;
    *target += 1;
    drop((source, target));
    board.release_all(who);
}
// ANCHOR_END: deadlock

// ANCHOR: watchdog
/// Runs two opposite transfers on threads of their own and watches them: if neither
/// has finished after `patience`, the board is searched for a cycle of waits.
pub fn opposite_transfers_with_watchdog(patience: Duration) -> Outcome {
    let board = Arc::new(Board::default());
    let accounts = Accounts::new();
    let barrier = Arc::new(Barrier::new(2));
    let (done, finished) = mpsc::channel();
    for (who, direction) in [
        ("thread 1", ("left", "right")),
        ("thread 2", ("right", "left")),
    ] {
        let (board, accounts, barrier, done) = (
            board.clone(),
            accounts.clone(),
            barrier.clone(),
            done.clone(),
        );
        // Not scoped: a scope would wait for these threads, and they may never end.
        thread::spawn(move || {
            transfer_naive(&board, who, &accounts, direction, Some(&barrier));
            let _ = done.send(who);
        });
    }
    let mut ended = 0;
    while ended < 2 {
        match finished.recv_timeout(patience) {
            Ok(_) => ended += 1,
            Err(_) => match board.find_cycle() {
                Some(cycle) => return Outcome::Deadlocked(cycle),
                None => continue, // slow, not stuck: keep waiting
            },
        }
    }
    Outcome::Finished { retries: 0 }
}
// ANCHOR_END: watchdog

// ANCHOR: lock_order
/// Fix 1: every thread locks `left` before `right`, whatever the direction. A cycle of
/// waits would need someone holding `right` to wait for `left`: nobody ever does.
fn transfer_ordered(accounts: &Accounts, left_to_right: bool) {
    let mut left = accounts.left.lock().unwrap_or_else(|e| e.into_inner());
    let mut right = accounts.right.lock().unwrap_or_else(|e| e.into_inner());
    let step = if left_to_right { 1 } else { -1 };
    *left -= step;
    *right += step;
}
// ANCHOR_END: lock_order

// ANCHOR: try_lock
/// Fix 2: take the first lock, then only *try* the second; if it is taken, let go of the
/// first, back off a moment, and start again. Nobody waits while holding a lock, so no
/// cycle can form. Returns how many times it had to back off.
fn transfer_try_lock(accounts: &Accounts, (from, to): (&str, &str)) -> u64 {
    let mut retries = 0;
    loop {
        let mut source = accounts
            .by_name(from)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Ok(mut target) = accounts.by_name(to).try_lock() {
            *source -= 1;
            *target += 1;
            return retries;
        }
        drop(source);
        retries += 1;
        // Back off a little longer each time, so two threads stop colliding in step.
        thread::sleep(Duration::from_micros(1 << retries.min(10)));
    }
}
// ANCHOR_END: try_lock

/// Runs `rounds` transfers each way at once with one of the two fixes; the balances must
/// come back to where they started.
pub fn fixed(rounds: u32, use_try_lock: bool) -> (Outcome, (i64, i64)) {
    let accounts = Accounts::new();
    let retries: u64 = thread::scope(|s| {
        let handles: Vec<_> = [("left", "right"), ("right", "left")]
            .into_iter()
            .map(|direction| {
                let accounts = &accounts;
                s.spawn(move || {
                    (0..rounds)
                        .map(|_| {
                            if use_try_lock {
                                transfer_try_lock(accounts, direction)
                            } else {
                                transfer_ordered(accounts, direction.0 == "left");
                                0
                            }
                        })
                        .sum::<u64>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a transfer panicked"))
            .sum()
    });
    let balances = (
        *accounts.left.lock().unwrap_or_else(|e| e.into_inner()),
        *accounts.right.lock().unwrap_or_else(|e| e.into_inner()),
    );
    (Outcome::Finished { retries }, balances)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchdog_finds_the_cycle() {
        match opposite_transfers_with_watchdog(Duration::from_millis(200)) {
            Outcome::Deadlocked(cycle) => {
                assert_eq!(cycle.len(), 2, "{cycle:?}");
                assert!(cycle[0].contains("waits for"), "{cycle:?}");
            }
            other => panic!("expected a deadlock, got {other:?}"),
        }
    }

    #[test]
    fn both_fixes_finish_and_keep_the_money() {
        for use_try_lock in [false, true] {
            let (_, balances) = fixed(2_000, use_try_lock);
            assert_eq!(balances, (1_000, 1_000), "try_lock: {use_try_lock}");
        }
    }
}
