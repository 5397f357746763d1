//! Step 3: the account actor must answer every request from every handle, never
//! overdraw, and stop when (and only when) the last handle is gone.

// This step needs only `within`, not the meeting point.
#[allow(dead_code)]
#[path = "support/meeting.rs"]
mod support;

use std::time::Duration;

use support::within;
use threads::s3_actor::{Error, open};

const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "a request got no answer: does the account's thread reply to every \
                    request, and does each handle wait on the reply it sent?";

#[test]
fn deposits_from_many_threads_all_count() {
    let balance = within(LIMIT, HANG, || {
        let (account, _thread) = open(100);
        std::thread::scope(|s| {
            for _ in 0..8 {
                let account = account.clone();
                s.spawn(move || {
                    for _ in 0..500 {
                        account
                            .deposit(1)
                            .expect("a deposit found the account closed while handles were alive");
                    }
                });
            }
        });
        account.balance()
    });
    assert_eq!(
        balance,
        Ok(4_100),
        "8 threads × 500 deposits of 1 onto 100: every request must be answered once"
    );
}

#[test]
fn a_deposit_answers_the_new_balance() {
    let answers = within(LIMIT, HANG, || {
        let (account, _thread) = open(10);
        (account.deposit(5), account.withdraw(3), account.balance())
    });
    assert_eq!(
        answers,
        (Ok(15), Ok(12), Ok(12)),
        "deposit(5) then withdraw(3) from 10"
    );
}

#[test]
fn a_withdrawal_never_overdraws() {
    let (too_much, successes, left) = within(LIMIT, HANG, || {
        let (account, _thread) = open(50);
        let too_much = account.withdraw(51);
        // Ten threads each try to take 10 from 50: exactly five can.
        let successes = std::thread::scope(|s| {
            let tries: Vec<_> = (0..10)
                .map(|_| {
                    let account = account.clone();
                    s.spawn(move || account.withdraw(10).is_ok())
                })
                .collect();
            tries
                .into_iter()
                .map(|t| t.join().expect("a withdrawing thread panicked"))
                .filter(|&ok| ok)
                .count()
        });
        (too_much, successes, account.balance())
    });
    assert_eq!(
        too_much,
        Err(Error::Insufficient { balance: 50 }),
        "withdrawing 51 from 50 must fail and say the balance"
    );
    assert_eq!(
        (successes, left),
        (5, Ok(0)),
        "ten withdrawals of 10 from 50: five succeed, nothing left"
    );
}

#[test]
fn dropping_one_clone_leaves_the_account_open() {
    let answer = within(LIMIT, HANG, || {
        let (account, _thread) = open(7);
        drop(account.clone());
        account.deposit(1)
    });
    assert_eq!(
        answer,
        Ok(8),
        "the account stopped answering while a handle was still alive: dropping one clone \
         must not stop the actor; it stops when its inbox reports every sender gone"
    );
}

#[test]
fn the_thread_ends_when_the_last_handle_is_dropped() {
    let (account, thread) = within(LIMIT, HANG, || open(3));
    let clones: Vec<_> = (0..3).map(|_| account.clone()).collect();
    for clone in &clones {
        clone
            .deposit(1)
            .expect("a deposit found the account closed");
    }
    drop(clones);
    drop(account);
    let end = within(
        Duration::from_secs(5),
        "the account's thread was still running 5 s after every handle was dropped: it \
         must stop when recv() reports every sender gone (and must not keep a Sender of \
         its own)",
        move || thread.join(),
    );
    assert_eq!(
        end.expect("the account's thread panicked"),
        6,
        "the thread returns the final balance"
    );
}
