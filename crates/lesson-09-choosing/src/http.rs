//! One request to the delay server, `GET /delay/{ms}`, written for each kind of IO.
//!
//! Plain HTTP/1.1 over a fresh TCP connection with `Connection: close`, so reading to
//! the end of the stream reads the whole answer. No HTTP client library: each runtime
//! gets the same few lines over its own socket type, so the table compares runtimes,
//! not clients. The checksum of one answer is 1 if its status is 200, else 0.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// The request bytes.
pub fn request(wait_ms: u64) -> Vec<u8> {
    format!("GET /delay/{wait_ms} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// 1 for a `200 OK`, 0 for anything else.
pub fn score(answer: &[u8]) -> u64 {
    u64::from(answer.starts_with(b"HTTP/1.1 200"))
}

/// The blocking way: the thread sleeps in the kernel until the answer comes.
pub fn get_blocking(server: SocketAddr, wait_ms: u64) -> u64 {
    let mut answer = Vec::new();
    let done = TcpStream::connect(server)
        .and_then(|mut s| s.write_all(&request(wait_ms)).map(|()| s))
        .and_then(|mut s| s.read_to_end(&mut answer));
    if done.is_err() {
        return 0;
    }
    score(&answer)
}

/// On tokio.
pub async fn get_tokio(server: SocketAddr, wait_ms: u64) -> u64 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut answer = Vec::new();
    let done = async {
        let mut s = tokio::net::TcpStream::connect(server).await?;
        s.write_all(&request(wait_ms)).await?;
        s.read_to_end(&mut answer).await
    };
    if done.await.is_err() {
        return 0;
    }
    score(&answer)
}

/// On smol.
pub async fn get_smol(server: SocketAddr, wait_ms: u64) -> u64 {
    use smol::io::{AsyncReadExt, AsyncWriteExt};
    let mut answer = Vec::new();
    let done = async {
        let mut s = smol::net::TcpStream::connect(server).await?;
        s.write_all(&request(wait_ms)).await?;
        s.read_to_end(&mut answer).await
    };
    if done.await.is_err() {
        return 0;
    }
    score(&answer)
}

/// On async-std.
pub async fn get_async_std(server: SocketAddr, wait_ms: u64) -> u64 {
    use async_std::io::{ReadExt, WriteExt};
    let mut answer = Vec::new();
    let done = async {
        let mut s = async_std::net::TcpStream::connect(server).await?;
        s.write_all(&request(wait_ms)).await?;
        s.read_to_end(&mut answer).await
    };
    if done.await.is_err() {
        return 0;
    }
    score(&answer)
}

/// On the course's own event loop.
pub async fn get_event_loop(server: SocketAddr, wait_ms: u64) -> u64 {
    let mut answer = Vec::new();
    let done = async {
        let mut s = event_loop::TcpStream::connect(server).await?;
        s.write_all(&request(wait_ms)).await?;
        let mut buf = [0; 4096];
        loop {
            match s.read(&mut buf).await? {
                0 => return Ok::<(), std::io::Error>(()),
                n => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    if done.await.is_err() {
        return 0;
    }
    score(&answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_asks_for_the_wait_and_a_closed_connection() {
        let text = String::from_utf8(request(250)).unwrap();
        assert!(text.starts_with("GET /delay/250 HTTP/1.1\r\n"), "{text}");
        assert!(text.contains("Connection: close\r\n") && text.ends_with("\r\n\r\n"));
    }

    #[test]
    fn only_a_200_scores() {
        assert_eq!(score(b"HTTP/1.1 200 OK\r\n\r\nwaited 5 ms"), 1);
        assert_eq!(score(b"HTTP/1.1 500 Internal Server Error\r\n\r\n"), 0);
        assert_eq!(score(b""), 0);
    }

    #[test]
    fn every_client_gets_an_answer_from_the_delay_server() {
        let server = delay_server::DelayServer::start_blocking(delay_server::Config::default())
            .expect("the delay server starts");
        let addr = server.addr();
        assert_eq!(get_blocking(addr, 1), 1, "blocking");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        assert_eq!(rt.block_on(get_tokio(addr, 1)), 1, "tokio");
        assert_eq!(smol::block_on(get_smol(addr, 1)), 1, "smol");
        assert_eq!(
            async_std::task::block_on(get_async_std(addr, 1)),
            1,
            "async-std"
        );
        assert_eq!(
            event_loop::block_on(get_event_loop(addr, 1)),
            1,
            "event loop"
        );
        server.shutdown().unwrap();
    }
}
