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
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

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

/// A `/bytes` download read by hand, at the test's pace.
///
/// The socket's receive buffer is kept small, so the server can send ahead only as far
/// as the two sockets' buffers hold (a few MiB at most on loopback): with a 64 MiB body,
/// the server is still sending while the test has read only part of it.
struct Download {
    stream: TcpStream,
    /// Bytes of the body received so far.
    received: u64,
}

impl Download {
    /// Sends `GET /bytes/{n}` and reads the head of the answer (a `200`).
    async fn start(server: &DelayServer, n: u64) -> Download {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(16 * 1024).unwrap();
        let mut stream = socket.connect(server.addr()).await.unwrap();
        let request = format!("GET /bytes/{n} HTTP/1.1\r\nhost: localhost\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        // Byte by byte up to the blank line, so no byte of the body is taken by mistake.
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(stream.read_u8().await.expect("a complete head"));
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        Download {
            stream,
            received: 0,
        }
    }

    /// Reads body bytes until `total` have arrived in all; panics if the body ends first.
    async fn read_until(&mut self, total: u64) {
        let mut buffer = vec![0; 64 * 1024];
        while self.received < total {
            let want = usize::try_from(total - self.received)
                .map_or(buffer.len(), |left| left.min(buffer.len()));
            let got = self.stream.read(&mut buffer[..want]).await.unwrap();
            assert_ne!(got, 0, "the body ended after {} bytes", self.received);
            self.received += got as u64;
        }
    }

    /// Reads until the server closes the connection (or breaks it); returns the body
    /// bytes received in all.
    async fn read_until_closed(&mut self) -> u64 {
        let mut buffer = vec![0; 64 * 1024];
        while let Ok(got @ 1..) = self.stream.read(&mut buffer).await {
            self.received += got as u64;
        }
        self.received
    }
}
