//! What every handler shares: the config, the counters, and the shutdown signal.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;
use tokio::sync::watch;

use crate::config::Config;
use crate::faults::{Fault, Faults};
use crate::reply::{self, ApiError};
use crate::stats::{Counters, Route};

/// The handlers' state (cheap to clone: one `Arc`).
pub(crate) type AppState = Arc<Shared>;

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) counters: Counters,
    /// Becomes `true` when the server starts shutting down.
    shutdown: watch::Receiver<bool>,
}

impl Shared {
    pub(crate) fn new(config: Config, shutdown: watch::Receiver<bool>) -> Self {
        Self {
            config,
            counters: Counters::default(),
            shutdown,
        }
    }

    /// Sleeps for `duration`, or less if the server shuts down meanwhile.
    ///
    /// Long waits must end at shutdown: a graceful shutdown waits for every request, and
    /// nobody wants `Ctrl-C` to hang for a minute behind a `/delay/60000`.
    pub(crate) async fn sleep(&self, duration: Duration) -> Result<(), ApiError> {
        let mut shutdown = self.shutdown.clone();
        tokio::select! {
            () = tokio::time::sleep(duration) => Ok(()),
            // An error means the sender is gone: the server is going away all the same.
            _ = shutdown.wait_for(|&stopping| stopping) => Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down",
            )),
        }
    }

    /// Numbers this request of `route` and decides its fault, if any, by the share rule
    /// in [`crate::faults`]. Returns the request's number `k` too.
    pub(crate) fn decide(&self, route: Route, faults: Faults) -> (u64, Option<Fault>) {
        let k = self.counters.next_in_sequence(route);
        (k, faults.pick(k))
    }

    /// Acts out an injected fault in place of the normal answer.
    pub(crate) async fn inject(&self, fault: Fault, k: u64, route: &str) -> Response {
        self.counters.fault(fault);
        match fault {
            Fault::Fail => reply::text(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("injected failure: request {k} of {route}"),
            ),
            Fault::Drop => reply::broken_connection(),
            Fault::Stall => {
                // Whether the stall ran out or the server is stopping, the answer is the
                // same: none. The connection closes without a response.
                let _ = self.sleep(self.config.max_stall).await;
                reply::broken_connection()
            }
        }
    }
}
