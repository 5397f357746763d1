//! Step 3: an account as an actor.
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
// Until the TODOs are done, two of the requests are never built; the project lints with
// `-D warnings`.
#[allow(dead_code)]
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
}

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
    // Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
    #[allow(unused_variables)]
    pub fn deposit(&self, amount: u64) -> Result<u64, Error> {
        // TODO: like `balance`: send a `Request::Deposit` with a reply sender, wait for
        // the answer.
        todo!("send a deposit request and wait for the answer")
    }

    /// Takes `amount` out if the balance allows it; returns the new balance.
    #[allow(unused_variables)]
    pub fn withdraw(&self, amount: u64) -> Result<u64, Error> {
        // TODO: the same with `Request::Withdraw`.
        todo!("send a withdraw request and wait for the answer")
    }
}

/// Opens an account holding `initial` and starts the thread that owns it. The handle
/// returned joins that thread, which gives back the final balance once every `Account`
/// handle is gone.
#[allow(unused_variables)]
pub fn open(initial: u64) -> (Account, JoinHandle<u64>) {
    // TODO: make the channel; spawn a thread that owns the balance and the receiver and
    // answers each request in turn (see `serve` below); return the handle and the thread.
    todo!("start the account's thread")
}

/// The account's loop: answers requests until no handle is left, then returns the balance.
// Until the TODOs are done, nothing calls it and the parameters are unused.
#[allow(
    dead_code,
    unused_variables,
    unused_mut,
    clippy::needless_pass_by_value
)]
fn serve(mut balance: u64, requests: Receiver<Request>) -> u64 {
    // TODO: for each request (`for request in requests` ends when every sender is gone):
    // update the balance and send the answer to the request's reply sender. (A reply that
    // fails to send only means the asker gave up waiting: ignore it, keep serving.)
    todo!("answer every request, stop when the last handle is gone")
}
