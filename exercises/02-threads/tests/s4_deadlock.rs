//! Step 4: transfers in opposite directions must not deadlock, and each transfer must
//! hold both accounts at once.
//!
//! The accounts report their locks to a [`Referee`]. When a thread takes its first lock,
//! the referee holds it there until the other thread has taken its own first lock, or is
//! waiting for this one. So if the two threads start with different accounts, both hold
//! one lock before either asks for its second: the deadlock happens on every run, not
//! once in a while. Locked in one global order, both threads start with the same account,
//! and the second simply waits for the first.

// This step needs only `within`, not the meeting point.
#[allow(dead_code)]
#[path = "support/meeting.rs"]
mod support;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use support::within;
use threads::s4_deadlock::{Account, Watch, transfer};

const DEADLOCK: &str = "the two transfers deadlocked: each thread holds one account's lock \
                        and waits for the other's. Lock the two accounts in one global \
                        order (the lower id first), whatever the direction of the transfer";

#[derive(Debug, Default)]
struct Seen {
    first_want: HashMap<ThreadId, u32>,
    first_got: HashMap<ThreadId, u32>,
    held: HashMap<ThreadId, usize>,
    /// The most locks any thread held at once.
    most_held: usize,
}

struct Referee {
    players: usize,
    seen: Mutex<Seen>,
    changed: Condvar,
}

impl Referee {
    fn new(players: usize) -> Arc<Self> {
        Arc::new(Self {
            players,
            seen: Mutex::new(Seen::default()),
            changed: Condvar::new(),
        })
    }

    fn most_held(&self) -> usize {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .most_held
    }
}

impl Watch for Referee {
    fn wants(&self, id: u32) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.first_want.entry(thread::current().id()).or_insert(id);
        self.changed.notify_all();
    }

    fn got(&self, id: u32) {
        let me = thread::current().id();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let held = seen.held.entry(me).or_insert(0);
        *held += 1;
        let held = *held;
        seen.most_held = seen.most_held.max(held);
        if seen.first_got.contains_key(&me) {
            return;
        }
        seen.first_want.entry(me).or_insert(id);
        seen.first_got.insert(me, id);
        self.changed.notify_all();
        // Hold this thread until every other player has taken its first lock, or waits
        // for this one. (Patience is a safety net only: both happen in microseconds.)
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let others_settled = seen.first_want.len() >= self.players
                && seen
                    .first_want
                    .iter()
                    .filter(|(who, _)| **who != me)
                    .all(|(who, want)| *want == id || seen.first_got.contains_key(who));
            let left = deadline.saturating_duration_since(Instant::now());
            if others_settled || left.is_zero() {
                break;
            }
            seen = self
                .changed
                .wait_timeout(seen, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn released(&self, _id: u32) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = seen.held.get_mut(&thread::current().id()) {
            *held = held.saturating_sub(1);
        }
    }
}

#[test]
fn opposite_transfers_do_not_deadlock() {
    let balances = within(Duration::from_secs(8), DEADLOCK, || {
        let referee = Referee::new(2);
        let a = Account::watched(1, 1_000, referee.clone());
        let b = Account::watched(2, 1_000, referee);
        thread::scope(|s| {
            s.spawn(|| (0..100).for_each(|_| transfer(&a, &b, 1)));
            s.spawn(|| (0..100).for_each(|_| transfer(&b, &a, 2)));
        });
        (a.balance(), b.balance())
    });
    assert_eq!(
        balances,
        (1_100, 900),
        "100 × 1 from a to b and 100 × 2 from b to a"
    );
}

#[test]
fn a_transfer_holds_both_accounts_at_once() {
    let (most_held, balances) = within(Duration::from_secs(8), DEADLOCK, || {
        let referee = Referee::new(1);
        let a = Account::watched(1, 100, referee.clone());
        let b = Account::watched(2, 100, referee.clone());
        transfer(&b, &a, 30);
        (referee.most_held(), (a.balance(), b.balance()))
    });
    assert_eq!(balances, (130, 70), "30 moved from b to a");
    assert_eq!(
        most_held, 2,
        "the transfer never held both accounts at once: between its two updates the money \
         was in neither account, where another thread could see it missing; hold both \
         locks (taken in id order) while you move it"
    );
}

#[test]
fn many_transfers_in_every_direction_keep_the_money() {
    let balances = within(Duration::from_secs(8), DEADLOCK, || {
        let accounts: Vec<Account> = (0..4).map(|id| Account::new(id, 1_000)).collect();
        thread::scope(|s| {
            for t in 0..6 {
                let accounts = &accounts;
                s.spawn(move || {
                    for i in 0..2_000 {
                        let from = &accounts[(t + i) % 4];
                        let to = &accounts[(t * 3 + i * 7 + 1) % 4];
                        transfer(from, to, 1);
                    }
                });
            }
        });
        accounts.iter().map(Account::balance).collect::<Vec<_>>()
    });
    assert_eq!(
        balances.iter().sum::<i64>(),
        4_000,
        "money appeared or vanished: {balances:?}"
    );
}

#[test]
fn a_transfer_to_itself_changes_nothing() {
    let balance = within(
        Duration::from_secs(5),
        "transfer(a, a) never returned: it waits for a lock it already holds; a transfer \
         to the same account has nothing to do",
        || {
            let a = Account::new(1, 50);
            transfer(&a, &a, 20);
            a.balance()
        },
    );
    assert_eq!(balance, 50, "a transfer to itself leaves the balance alone");
}
