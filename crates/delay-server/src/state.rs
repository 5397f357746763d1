//! What every handler shares: the config, the counters, the image gate and the shutdown
//! signal.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::config::Config;
use crate::faults::{Fault, Faults};
use crate::reply::{self, ApiError};
use crate::stats::{Counters, Route};

/// The handlers' state (cheap to clone: one `Arc`).
pub(crate) type AppState = Arc<Shared>;

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    /// In an `Arc` of its own: an in-flight guard holds on to it from the answer's body.
    pub(crate) counters: Arc<Counters>,
    /// One permit per image that may be made at once ([`Config::max_encodes`]).
    encodes: Arc<Semaphore>,
    /// Becomes `true` when the server starts shutting down.
    shutdown: watch::Receiver<bool>,
}

impl Shared {
    pub(crate) fn new(config: Config, shutdown: watch::Receiver<bool>) -> Self {
        Self {
            encodes: Arc::new(Semaphore::new(
                config.max_encodes.min(Semaphore::MAX_PERMITS),
            )),
            config,
            counters: Arc::default(),
            shutdown,
        }
    }

    /// Waits for a turn to make an image, at most [`Config::max_encode_wait`].
    ///
    /// The permit is owned, so the blocking job can keep it until the picture is done,
    /// even if the request that asked for it has gone away meanwhile: the bound is on
    /// the work really running, not on the requests still waiting for it.
    pub(crate) async fn encode_permit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let wait = self.config.max_encode_wait;
        tokio::select! {
            permit = Arc::clone(&self.encodes).acquire_owned() => {
                Ok(permit.expect("the image gate is never closed"))
            }
            waited = self.sleep(wait) => {
                // `sleep` ends early only at shutdown, with its own 503.
                waited?;
                self.counters.busy();
                Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "busy: no turn to make an image came within {} ms \
                         (at most {} are made at once), try again later",
                        wait.as_millis(),
                        self.config.max_encodes
                    ),
                ))
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(max_encodes: usize) -> (Shared, watch::Sender<bool>) {
        let (stop, stopping) = watch::channel(false);
        let config = Config {
            max_encodes,
            max_encode_wait: Duration::from_secs(10),
            ..Config::default()
        };
        (Shared::new(config, stopping), stop)
    }

    #[tokio::test(start_paused = true)]
    async fn with_every_turn_taken_an_image_request_is_busy_after_the_wait() {
        let (app, _stop) = shared(1);
        let held = app.encode_permit().await.unwrap();
        let started = tokio::time::Instant::now();
        let err = app.encode_permit().await.unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_secs(10));
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            err.message,
            "busy: no turn to make an image came within 10000 ms \
             (at most 1 are made at once), try again later"
        );
        assert_eq!(app.counters.snapshot().busy, 1);
        // Once the turn is given back, the next request gets it at once.
        drop(held);
        assert!(app.encode_permit().await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_image_request_gets_a_turn_as_soon_as_one_is_free() {
        let (app, _stop) = shared(1);
        let app = Arc::new(app);
        let held = app.encode_permit().await.unwrap();
        let waiting = tokio::spawn({
            let app = Arc::clone(&app);
            async move { app.encode_permit().await.map(drop) }
        });
        tokio::time::sleep(Duration::from_secs(3)).await;
        drop(held);
        assert_eq!(waiting.await.unwrap(), Ok(()));
        assert_eq!(app.counters.snapshot().busy, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_ends_the_wait_for_a_turn() {
        let (app, stop) = shared(0);
        let app = Arc::new(app);
        let waiting = tokio::spawn({
            let app = Arc::clone(&app);
            async move { app.encode_permit().await.map(drop) }
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        stop.send_replace(true);
        let err = waiting.await.unwrap().unwrap_err();
        assert_eq!(
            (err.status, err.message.as_str()),
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down"
            )
        );
        assert_eq!(app.counters.snapshot().busy, 0, "shutting down is not busy");
    }
}
