//! Where the requests go: the delay server this demo starts, or any server `--url` names.

use std::time::Duration;

use delay_server::{Config, DelayServer, ServerThread, Stats};
use reqwest::Url;

/// The URL every run fetches, and what we know about the server behind it.
pub struct Target {
    /// The URL fetched by every run.
    pub url: Url,
    /// `http://host:port`, for `/stats` and the fault URLs.
    pub origin: String,
    /// Whether the server answers `/stats` like the delay server does.
    pub has_stats: bool,
    /// Our own server, when no `--url` was given (kept alive for the demo's length).
    pub ours: Option<ServerThread>,
    client: reqwest::blocking::Client,
}

impl Target {
    /// Starts the delay server on 127.0.0.1, on a thread and runtime of its own so that
    /// the clients measured here never share a thread with it.
    pub fn ours(delay_ms: u64) -> anyhow::Result<Self> {
        let server = DelayServer::start_blocking(Config::default())?;
        let url = Url::parse(&server.url(&format!("/delay/{delay_ms}")))?;
        let mut target = Self::new(url, None)?;
        target.ours = Some(server);
        Ok(target)
    }

    /// Checks `--url`: an http URL of a server that answers within `timeout`. Any error
    /// is one line for the reader.
    pub fn theirs(raw: &str, timeout: Duration) -> Result<Self, String> {
        let url = Url::parse(raw).map_err(|e| format!("--url '{raw}' is not a url: {e}"))?;
        if url.scheme() != "http" {
            return Err(format!(
                "--url '{raw}': only http:// is supported (the lesson builds no TLS)"
            ));
        }
        if url.host_str().is_none() {
            return Err(format!("--url '{raw}' has no host"));
        }
        let target = Self::new(url.clone(), Some(timeout)).map_err(|e| e.to_string())?;
        target
            .client
            .get(url.clone())
            .send()
            .map_err(|e| format!("cannot reach --url {url}: {}", one_line(&e)))?;
        Ok(target)
    }

    fn new(url: Url, timeout: Option<Duration>) -> anyhow::Result<Self> {
        let origin = url.origin().ascii_serialization();
        let client = reqwest::blocking::Client::builder()
            .timeout(timeout.unwrap_or(Duration::from_secs(5)))
            .connect_timeout(Duration::from_secs(2))
            .build()?;
        let mut target = Self {
            url,
            origin,
            has_stats: false,
            ours: None,
            client,
        };
        target.has_stats = target.fetch_stats().is_some();
        Ok(target)
    }

    fn fetch_stats(&self) -> Option<Stats> {
        let response = self
            .client
            .get(format!("{}/stats", self.origin))
            .send()
            .ok()?;
        serde_json::from_str(&response.text().ok()?).ok()
    }

    /// The server's counters, if it has `/stats`.
    pub fn stats(&self) -> Option<Stats> {
        if self.has_stats {
            self.fetch_stats()
        } else {
            None
        }
    }

    /// Zeroes the server's counters, if it can.
    pub fn reset_stats(&self) {
        if self.has_stats {
            let _ = self
                .client
                .post(format!("{}/stats/reset", self.origin))
                .send();
        }
    }

    /// A path on the same server (for the fault runs).
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// An error and its causes on one line.
pub fn one_line(err: &dyn std::error::Error) -> String {
    let mut line = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    line
}
