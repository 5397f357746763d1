//! Starting, stopping, and where the server may listen.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use delay_server::{Config, DelayServer, ServerError};

use super::{Download, client, start, wait_until, within};

#[test]
fn start_blocking_serves_plain_threads() {
    let server = DelayServer::start_blocking(Config::default()).unwrap();
    let answers: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| blocking_get(server.addr(), "/delay/1")))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for answer in answers {
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("waited 1 ms\n"), "{answer}");
    }
    assert_eq!(server.stats().routes.delay, 3);
    server.shutdown().unwrap();
}

#[tokio::test]
async fn only_loopback_is_allowed() {
    for addr in ["0.0.0.0:0", "127.0.0.2:0", "[::1]:0"] {
        let addr: SocketAddr = addr.parse().unwrap();
        let err = DelayServer::start(Config {
            addr,
            ..Config::default()
        })
        .await
        .unwrap_err();
        assert!(
            matches!(err, ServerError::NotLoopback(a) if a == addr),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!("refusing to listen on {addr}: the delay server binds 127.0.0.1 only")
        );
    }
    assert!(
        DelayServer::start_blocking(Config {
            addr: "0.0.0.0:0".parse().unwrap(),
            ..Config::default()
        })
        .is_err()
    );
}

#[tokio::test]
async fn a_taken_port_is_a_clear_error() {
    let first = start(Config::default()).await;
    let err = DelayServer::start(Config {
        addr: first.addr(),
        ..Config::default()
    })
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("cannot listen on {}", first.addr())),
        "{err}"
    );
}

#[tokio::test]
async fn shutdown_cuts_long_delays_short_with_503() {
    let server = start(Config::default()).await;
    let slow = tokio::spawn(client().get(server.url("/delay/60000")).send());
    wait_until(&server, "the slow request to arrive", |s| s.in_flight == 1).await;
    within("shutdown during a 60 s delay", server.shutdown())
        .await
        .unwrap();
    let response = within("the slow request", slow).await.unwrap().unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.text().await.unwrap(),
        "the server is shutting down\n"
    );
}

#[tokio::test]
async fn after_the_grace_period_shutdown_closes_the_connections_still_open() {
    let grace = Duration::from_millis(100);
    let server = start(Config {
        shutdown_grace: grace,
        ..Config::default()
    })
    .await;
    // A client that starts a 64 MiB download and then reads nothing: its answer can
    // never finish, so the shutdown has to cut it off.
    let size = 64 << 20;
    let mut download = within("the download's head", Download::start(&server, size)).await;
    let err = within("a shutdown with a stuck download", server.shutdown())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServerError::ShutdownTimedOut(g) if g == grace),
        "{err}"
    );
    // The connection's task is gone, not left sending: the client gets what the sockets
    // held, then the end, far short of the whole body.
    let received = within("the cut-off download", download.read_until_closed()).await;
    assert!(
        received < size,
        "all {received} bytes arrived after the shutdown"
    );
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let server = start(Config::default()).await;
    let addr = server.addr();
    drop(server);
    within("the listener to close", async {
        while tokio::net::TcpStream::connect(addr).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn urls_take_paths_with_or_without_a_slash() {
    let server = start(Config::default()).await;
    let base = format!("http://{}", server.addr());
    assert_eq!(server.url("/delay/5"), format!("{base}/delay/5"));
    assert_eq!(server.url("stats"), format!("{base}/stats"));
    assert!(server.addr().ip().is_loopback() && server.addr().port() != 0);
}

/// A GET over a plain std socket (no runtime needed); returns the whole answer.
fn blocking_get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(super::LIMIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}
