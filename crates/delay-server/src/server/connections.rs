//! The accept loop and the connections: each connection is a task in a [`JoinSet`] that
//! the serving task owns, so stopping the server can stop every connection too.
//!
//! (`axum::serve` spawns each connection as a free task: after a shutdown timed out, the
//! slow connections would carry on with nobody left to stop them.)

use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Connections the system may hold for us before we accept them.
const ACCEPT_QUEUE: u32 = 4096;

/// How a serving task ended.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Ended {
    /// Every connection finished on its own within the grace period.
    Gracefully,
    /// Some did not, and were closed when it ran out.
    CutOff,
}

/// Binds with a deep accept queue. A thousand clients connecting at once overflow the
/// usual 1024 queue, and the unlucky ones retry a whole second later; 4096 (capped by the
/// system's `somaxconn`) lets a benchmark's burst in at once.
pub(super) fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    // As `TcpListener::bind` does: a restarted server may reuse its port at once.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_QUEUE)
}

/// Accepts connections until `stop` turns `true`, then lets the open ones finish their
/// request in progress for up to `grace`, and closes whatever is left.
///
/// Every connection task lives in `connections`; closing them is aborting the set and
/// waiting for it to empty, so when this returns, no connection and no handler of this
/// server runs anymore. (Image jobs already running on the blocking pool cannot be
/// stopped: they finish their picture, which nobody receives.)
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    mut stop: watch::Receiver<bool>,
    grace: Duration,
) -> Ended {
    let mut connections = JoinSet::new();
    let for_connections = stop.clone();
    loop {
        tokio::select! {
            () = stopped(&mut stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, app.clone(), for_connections.clone()));
                }
                Err(err) => pause_after(&err).await,
            },
            // Collects finished connections, so the set holds only open ones.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    // No new connections: the port is free again at once.
    drop(listener);
    let all_done = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(grace, all_done).await.is_ok() {
        return Ended::Gracefully;
    }
    // Aborts each task and waits until it is gone: its handler and its body are dropped
    // (counting the request out) and its socket is closed.
    connections.shutdown().await;
    Ended::CutOff
}

/// Serves one connection (HTTP/1.1, keep-alive) until the client closes it, or the server
/// stops: then it finishes the request in progress, if any, and closes.
async fn connection(stream: TcpStream, app: Router, mut stop: watch::Receiver<bool>) {
    // Small answers should leave at once, not wait for Nagle's algorithm to batch them.
    let _ = stream.set_nodelay(true);
    let service = TowerToHyperService::new(app);
    let mut connection =
        pin!(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
    // Errors are the client's or on purpose (a hang-up, an injected drop): the
    // connection is over either way, and the server carries on.
    tokio::select! {
        _ = connection.as_mut() => return,
        () = stopped(&mut stop) => connection.as_mut().graceful_shutdown(),
    }
    let _ = connection.await;
}

/// Returns once the server is stopping.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // An error means the handle is gone, which is a reason to stop as well. (The value
    // borrowed from the channel is let go of here, not kept across an await.)
    let _ = stop.wait_for(|&stopping| stopping).await;
}

/// After a failed accept: a client that gave up while queued is no reason to wait; for
/// anything else (most likely too many open files) a short pause lets some close first,
/// instead of spinning on the same error.
async fn pause_after(err: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(
        err.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
