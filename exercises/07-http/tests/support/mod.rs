//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // Each step uses a different part of this file.

use std::future::Future;
use std::time::Duration;

use delay_server::{Config, DelayServer};

/// The tests talk to a real server over real sockets, so the clock is real too; every
/// step's work takes well under two seconds (a forgotten timeout, three: the server
/// closes a stalled request then), and this bound turns a hang into a failure that
/// names the likely cause.
pub const OUTER_LIMIT: Duration = Duration::from_secs(8);

/// Awaits `future`, failing the test, with the likely cause, if it never finishes.
pub async fn bounded<F: Future>(what: &str, why: &str, future: F) -> F::Output {
    exercise_support::guide();
    match tokio::time::timeout(OUTER_LIMIT, future).await {
        Ok(output) => output,
        Err(_) => panic!("{what} still not finished after {OUTER_LIMIT:?}: {why}"),
    }
}

/// A fresh delay server on 127.0.0.1 (its counters start at zero), with stalls cut short
/// so a test that forgets a timeout still ends.
pub async fn server() -> DelayServer {
    exercise_support::guide();
    let config = Config {
        max_stall: Duration::from_secs(3),
        shutdown_grace: Duration::from_millis(100),
        ..Config::default()
    };
    DelayServer::start(config)
        .await
        .expect("the test cannot start the delay server on 127.0.0.1")
}

/// The client the tests hand to your code: reqwest's, with its connection pool.
pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}
