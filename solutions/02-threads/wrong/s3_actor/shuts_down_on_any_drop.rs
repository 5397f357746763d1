//! Wrong: every handle shuts the account down when dropped, so the other clones lose their messages
//! Expect: the account stopped answering while a handle was still alive
//!
//! One thread owns the balance. Nobody else touches it: other threads send it requests,
//! each carrying a channel for the answer, and wait for the reply. No lock anywhere; the
//! actor handles one request at a time, so every request sees the balance whole.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The account's thread has stopped: nobody will answer.
    Closed,
    /// A withdrawal asked for more than the balance; nothing was taken.
    Insufficient { balance: u64 },
}

/// What a handle can ask the account. Each request carries the sender its answer goes to.
#[derive(Debug)]
enum Request {
    Deposit {
        amount: u64,
        reply: Sender<u64>,
    },
    Withdraw {
        amount: u64,
        reply: Sender<Result<u64, Error>>,
    },
    Balance {
        reply: Sender<u64>,
    },
    Shutdown,
}

// ANCHOR: mistake
impl Drop for Account {
    // "tidy up when done": but a clone's drop stops the account for every other clone
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Shutdown);
    }
}
// ANCHOR_END: mistake

/// A handle to the account. Clone it for each thread that uses the account; the account's
/// thread ends when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Account {
    requests: Sender<Request>,
}

impl Account {
    /// The balance now. (Given: the pattern for the other two requests.)
    pub fn balance(&self) -> Result<u64, Error> {
        let (reply, answer) = channel();
        // A send fails only when the account's thread has stopped (its receiver is gone).
        self.requests
            .send(Request::Balance { reply })
            .map_err(|_| Error::Closed)?;
        // And the answer fails to come only if the thread stopped before replying.
        answer.recv().map_err(|_| Error::Closed)
    }

    /// Adds `amount`; returns the new balance.
    pub fn deposit(&self, amount: u64) -> Result<u64, Error> {
        let (reply, answer) = channel();
        self.requests
            .send(Request::Deposit { amount, reply })
            .map_err(|_| Error::Closed)?;
        answer.recv().map_err(|_| Error::Closed)
    }

    /// Takes `amount` out if the balance allows it; returns the new balance.
    pub fn withdraw(&self, amount: u64) -> Result<u64, Error> {
        let (reply, answer) = channel();
        self.requests
            .send(Request::Withdraw { amount, reply })
            .map_err(|_| Error::Closed)?;
        // The outer error: nobody answered; the inner one is the account's own answer.
        answer.recv().map_err(|_| Error::Closed)?
    }
}

/// Opens an account holding `initial` and starts the thread that owns it. The handle
/// returned joins that thread, which gives back the final balance once every `Account`
/// handle is gone.
pub fn open(initial: u64) -> (Account, JoinHandle<u64>) {
    let (requests, inbox) = channel();
    // The thread gets the receiver only: holding a sender of its own would keep its
    // inbox open for ever, and it would never learn that the last handle is gone.
    let thread = std::thread::spawn(move || serve(initial, inbox));
    (Account { requests }, thread)
}

/// The account's loop: answers requests until no handle is left, then returns the balance.
fn serve(mut balance: u64, requests: Receiver<Request>) -> u64 {
    // The iterator ends when every sender (every `Account` clone) has been dropped.
    for request in requests {
        // A failed reply means the asker stopped waiting: nothing to undo, keep serving.
        match request {
            Request::Deposit { amount, reply } => {
                balance += amount;
                let _ = reply.send(balance);
            }
            Request::Withdraw { amount, reply } => {
                let answer = if amount <= balance {
                    balance -= amount;
                    Ok(balance)
                } else {
                    Err(Error::Insufficient { balance })
                };
                let _ = reply.send(answer);
            }
            Request::Balance { reply } => {
                let _ = reply.send(balance);
            }
            Request::Shutdown => break,
        }
    }
    balance
}
