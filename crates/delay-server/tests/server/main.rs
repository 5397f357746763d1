//! The server over real loopback HTTP: endpoints, validation, faults, in-flight counts and
//! the lifecycle. One test binary (modules in `server/`) keeps the build quick.
//!
//! Every wait on the network runs under [`within`], so a hang fails with a message
//! instead of blocking the test run.

mod endpoints;
mod faults;
mod in_flight;
mod lifecycle;

use std::future::Future;
use std::time::Duration;

use delay_server::{Config, DelayServer};

/// The outer bound on anything that could hang. Generous: the machine may be busy.
const LIMIT: Duration = Duration::from_secs(20);

/// Awaits `work`, or panics naming `what` and the likely cause.
async fn within<T>(what: &str, work: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, work).await.unwrap_or_else(|_| {
        panic!("{what} did not finish within {LIMIT:?}: the server or the client hangs")
    })
}

async fn start(config: Config) -> DelayServer {
    DelayServer::start(config)
        .await
        .expect("the server starts on 127.0.0.1:0")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(LIMIT)
        .build()
        .expect("a plain http client builds")
}

/// GETs `path` and returns the status and the body as text.
async fn get(server: &DelayServer, path: &str) -> (u16, String) {
    within(path, async {
        let response = client()
            .get(server.url(path))
            .send()
            .await
            .expect("a response");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    })
    .await
}

/// Polls the server's counters until `done` holds (or the outer limit runs out).
async fn wait_until(server: &DelayServer, what: &str, done: impl Fn(&delay_server::Stats) -> bool) {
    within(what, async {
        while !done(&server.stats()) {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await;
}
