//! Starting and stopping: [`DelayServer`] inside async code, [`ServerThread`] from plain threads.

mod connections;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::config::{Config, LOOPBACK};
use crate::routes;
use crate::state::Shared;
use crate::stats::Stats;
use connections::Ended;

/// Why the server could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("refusing to listen on {0}: the delay server binds 127.0.0.1 only")]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot start the server's runtime thread: {0}")]
    Runtime(io::Error),
    #[error("the server did not stop within {0:?}: the connections still open were closed")]
    ShutdownTimedOut(Duration),
    #[error("the server panicked")]
    Panicked,
}

/// A running server on the current tokio runtime.
///
/// Dropping it starts a shutdown in the background; [`DelayServer::shutdown`] does the
/// same and waits for it to finish. Either way, connections get
/// [`Config::shutdown_grace`] to finish their request, then the rest are closed.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> anyhow::Result<()> {
/// use delay_server::{Config, DelayServer};
///
/// let server = DelayServer::start(Config::default()).await?;
/// let url = server.url("/delay/100");
/// assert!(url.starts_with("http://127.0.0.1:"));
/// assert_eq!(server.stats().requests, 0);
/// server.shutdown().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct DelayServer {
    endpoint: Endpoint,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<Ended>>,
}

impl DelayServer {
    /// Binds `config.addr` (127.0.0.1 only) and starts serving on the current runtime.
    pub async fn start(config: Config) -> Result<Self, ServerError> {
        let wanted = config.addr;
        if wanted.ip() != LOOPBACK {
            return Err(ServerError::NotLoopback(wanted));
        }
        let listener = connections::listen(wanted).map_err(|source| ServerError::Bind {
            addr: wanted,
            source,
        })?;
        let addr = listener.local_addr().map_err(|source| ServerError::Bind {
            addr: wanted,
            source,
        })?;

        let (stop, stopping) = watch::channel(false);
        let grace = config.shutdown_grace;
        let shared = Arc::new(Shared::new(config, stopping.clone()));
        let app = routes::router(shared.clone());
        let task = tokio::spawn(connections::serve(listener, app, stopping, grace));
        Ok(Self {
            endpoint: Endpoint { addr, shared },
            stop,
            task: Some(task),
        })
    }

    /// Starts a server on its own thread with its own single-threaded runtime, for code
    /// that has no runtime (lessons on threads and processes). The server stops when the
    /// returned handle is dropped or [`ServerThread::shutdown`] is called.
    pub fn start_blocking(config: Config) -> Result<ServerThread, ServerError> {
        ServerThread::start(config)
    }

    /// Stops accepting, ends waiting requests (`/delay` and image requests waiting for a
    /// turn answer 503, stalls close), lets the rest finish for up to
    /// [`Config::shutdown_grace`] (5 s), then closes the connections still open.
    ///
    /// When it returns, no connection task and no handler of this server is left
    /// running: the closed ones were aborted and waited for. Only an image job already
    /// running on the blocking pool may still finish its picture (a blocking thread
    /// cannot be interrupted); nobody receives it. Returns
    /// [`ServerError::ShutdownTimedOut`] if connections had to be closed.
    pub async fn shutdown(mut self) -> Result<(), ServerError> {
        self.stop.send_replace(true);
        let Some(task) = self.task.take() else {
            return Ok(());
        };
        // The task bounds its own wait by the grace period, so this wait is bounded too.
        match task.await {
            Ok(Ended::Gracefully) => Ok(()),
            Ok(Ended::CutOff) => Err(ServerError::ShutdownTimedOut(
                self.endpoint.shared.config.shutdown_grace,
            )),
            Err(_) => Err(ServerError::Panicked),
        }
    }
}

/// What both kinds of server handle answer: where the server is and what it counted.
///
/// [`DelayServer`] and [`ServerThread`] differ only in how they run and stop; they
/// dereference to this, so `server.url(…)` and `server.stats()` work on either.
#[derive(Debug, Clone)]
pub struct Endpoint {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Endpoint {
    /// The address it listens on (127.0.0.1 and the port it got).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A full URL for `path`: `server.url("/delay/100")` → `http://127.0.0.1:PORT/delay/100`.
    pub fn url(&self, path: &str) -> String {
        url(self.addr, path)
    }

    /// The settings it runs with.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// Zeroes the counters and restarts the fault sequences (see [`crate::faults`]).
    pub fn reset_stats(&self) {
        self.shared.counters.reset();
    }
}

impl std::ops::Deref for DelayServer {
    type Target = Endpoint;

    fn deref(&self) -> &Endpoint {
        &self.endpoint
    }
}

impl std::ops::Deref for ServerThread {
    type Target = Endpoint;

    fn deref(&self) -> &Endpoint {
        &self.endpoint
    }
}

impl Drop for DelayServer {
    fn drop(&mut self) {
        // The serving task notices and winds down on its own, within the grace period.
        self.stop.send_replace(true);
    }
}

/// A server running on a thread of its own; see [`DelayServer::start_blocking`].
#[derive(Debug)]
pub struct ServerThread {
    endpoint: Endpoint,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<Result<(), ServerError>>>,
}

impl ServerThread {
    fn start(config: Config) -> Result<Self, ServerError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(ServerError::Runtime)?;
        let (started_tx, started_rx) = mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::Builder::new()
            .name("delay-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let server = match DelayServer::start(config).await {
                        Ok(server) => server,
                        Err(err) => {
                            let _ = started_tx.send(Err(err));
                            return Ok(());
                        }
                    };
                    let _ = started_tx.send(Ok(server.endpoint.clone()));
                    // Either a stop message or a dropped handle ends the wait.
                    let _ = stopped.await;
                    server.shutdown().await
                })
            })
            .map_err(ServerError::Runtime)?;
        // The thread always sends before it can return, so a closed channel means a panic.
        let endpoint = started_rx.recv().map_err(|_| ServerError::Panicked)??;
        Ok(Self {
            endpoint,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Shuts the server down and joins its thread.
    pub fn shutdown(mut self) -> Result<(), ServerError> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<(), ServerError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| ServerError::Panicked)?,
            None => Ok(()),
        }
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        // Errors cannot be returned from drop; call `shutdown` to see them.
        let _ = self.stop_and_join();
    }
}

fn url(addr: SocketAddr, path: &str) -> String {
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("http://{addr}{slash}{path}")
}
