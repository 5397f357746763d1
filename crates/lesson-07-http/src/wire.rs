//! An HTTP/1.1 GET by hand over smol's `TcpStream`: what a request is on the wire.
//!
//! No client library: a few lines of text, a blank line, then read until the server
//! closes (`Connection: close` asks it to). Enough to see that a request is just bytes
//! on a socket, and that a second async runtime (smol) runs it as well as tokio does.

use std::time::Duration;

use reqwest::Url;
use smol::io::{AsyncReadExt, AsyncWriteExt};
use smol::net::TcpStream;

use crate::measure::{Gauge, Outcome};

/// The request's text, exactly as sent.
pub fn request_text(url: &Url) -> String {
    let host = url.host_str().unwrap_or("127.0.0.1");
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    let path = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    // ANCHOR: wire
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
    // ANCHOR_END: wire
}

/// Sends the GET and reads the whole answer, within `timeout`.
pub async fn get(url: &Url, timeout: Duration) -> Result<String, String> {
    let exchange = async {
        let host = url.host_str().ok_or("no host")?;
        let port = url.port_or_known_default().unwrap_or(80);
        let mut stream = TcpStream::connect((host, port))
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .write_all(request_text(url).as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(String::from_utf8_lossy(&answer).into_owned())
    };
    // smol's timeout: race the exchange against a timer; the loser is dropped.
    smol::future::or(exchange, async {
        smol::Timer::after(timeout).await;
        Err(format!("no complete answer within {timeout:?}"))
    })
    .await
}

/// The status code of a raw answer (`HTTP/1.1 200 OK` → 200).
pub fn status(answer: &str) -> Option<u16> {
    answer.split_whitespace().nth(1)?.parse().ok()
}

/// `n` hand-written GETs at once on smol's executor, one connection each.
pub fn smol_concurrent(url: &Url, n: usize, timeout: Duration, gauge: &Gauge) -> Vec<Outcome> {
    smol::block_on(futures::future::join_all((0..n).map(|_| async {
        let _in = gauge.enter();
        match get(url, timeout).await {
            Ok(answer) => match status(&answer) {
                Some(s) if (200..300).contains(&s) => Outcome::Ok,
                Some(s) => Outcome::Status(s),
                None => Outcome::Broken,
            },
            Err(e) if e.starts_with("no complete answer") => Outcome::TimedOut,
            Err(_) => Outcome::Broken,
        }
    })))
}
