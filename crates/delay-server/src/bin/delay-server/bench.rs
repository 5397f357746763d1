//! `delay-server bench`: how much latency does the server add under load?
//!
//! An in-process server runs on its own thread (one single-threaded runtime); a client
//! runtime holds `--concurrency` connections and sends one `/delay/{ms}` request on each,
//! all at once, for several rounds. Each request is timed from send to last byte; the
//! added latency is that time minus the delay the server was asked to wait. The first
//! round also opens the connections, so the summary counts the warm rounds after it.
//!
//! Even a lone request shows about 1.5 ms added (`--concurrency 1`): tokio's timer rounds
//! the sleep up to its next millisecond tick, and the system wakes the thread a little
//! after that. What grows beyond it with the concurrency is the cost of handling many
//! requests that arrive, and come due, at the same moment.
//!
//! The client is hyper's bare connection API rather than a full client with a pool: it
//! does the least work per request, so the figures show the server, not the client.
//!
//! # Measured
//!
//! The target: 1,000 concurrent requests to `/delay/100` with under 10 ms added median
//! latency. `cargo run --release -p delay-server -- bench` (the defaults: 1000
//! concurrent, `/delay/100`, 5 rounds, warm rounds 2 to 5 counted) on 2 cores of an AMD
//! EPYC virtual machine, Linux 6.18, Rust 1.95, load average 0.5 (nothing else running),
//! three runs in a row:
//!
//! ```text
//! added latency over the 100 ms delay: median 6.6 ms, p99 12.7 ms
//! added latency over the 100 ms delay: median 6.8 ms, p99 13.4 ms
//! added latency over the 100 ms delay: median 7.2 ms, p99 14.2 ms
//! ```
//!
//! Every round had all 1000 in flight at its peak. With `--concurrency 1` the added
//! median is 1.5 ms: the timer's floor described above. On a busy machine the figures
//! grow with the load; compare runs made under the same conditions.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, ensure};
use clap::Args;
use delay_server::{Config, DelayServer};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use kit::cli::in_range;
use kit::measure::{Stopwatch, Summary, millis};
use tokio::net::TcpStream;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Requests in flight at once in each round
    #[arg(long, default_value_t = 1000, value_parser = in_range(1usize, 10_000))]
    concurrency: usize,
    /// Delay each request asks for, in milliseconds
    #[arg(long, default_value_t = 100, value_parser = in_range(0u64, 10_000))]
    delay_ms: u64,
    /// Rounds to run (the first one also opens the connections)
    #[arg(long, default_value_t = 5, value_parser = in_range(2usize, 100))]
    rounds: usize,
    /// Worker threads of the client's runtime (the server always runs on one thread)
    #[arg(long, default_value_t = 1, value_parser = in_range(1usize, 64))]
    client_threads: usize,
}

/// Latency figures of one set of samples.
struct Figures {
    summary: Summary,
    p99: Duration,
}

impl Figures {
    fn of(samples: &[Duration]) -> Figures {
        let mut sorted = samples.to_vec();
        sorted.sort();
        // Nearest rank: the smallest sample with at least 99% of the samples at or below it.
        let rank = (sorted.len() * 99).div_ceil(100).max(1);
        Figures {
            summary: Summary::of(&sorted).expect("every round has at least one request"),
            p99: sorted[rank - 1],
        }
    }

    fn line(&self, delay: Duration) -> String {
        let s = &self.summary;
        format!(
            "median {} p99 {} max {}  | added median {}",
            millis(s.median),
            millis(self.p99),
            millis(s.max),
            millis(s.median.saturating_sub(delay))
        )
    }
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    raise_open_files_limit(args.concurrency)?;
    let server = DelayServer::start_blocking(Config::default())?;
    let delay = Duration::from_millis(args.delay_ms);
    let target = Target {
        addr: server.addr(),
        path: format!("/delay/{}", args.delay_ms),
    };
    println!(
        "bench: {} concurrent GET {}, {} rounds; server on 1 thread, client on {}",
        args.concurrency,
        server.url(&target.path),
        args.rounds,
        plural(args.client_threads, "thread"),
    );

    // One worker thread: the server has the other core. (Two client workers on a 2-core
    // machine fight the server for CPU and measure worse, not better.)
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads)
        .enable_all()
        .build()
        .context("cannot start the client runtime")?;
    let mut connections: Vec<Option<Connection>> = (0..args.concurrency).map(|_| None).collect();
    let mut warm = Vec::new();
    for round in 1..=args.rounds {
        server.reset_stats();
        let (open, samples) = runtime.block_on(fire(&target, connections))?;
        connections = open.into_iter().map(Some).collect();
        let peak = server.stats().max_in_flight;
        let note = if round == 1 {
            " (opens the connections)"
        } else {
            ""
        };
        println!(
            "round {round}: {}  | {peak} in flight at peak{note}",
            Figures::of(&samples).line(delay)
        );
        if round > 1 {
            warm.extend(samples);
        }
    }
    let all = Figures::of(&warm);
    println!(
        "warm rounds 2..{}, {} requests: {}",
        args.rounds,
        warm.len(),
        all.line(delay)
    );
    println!(
        "added latency over the {} ms delay: median {}, p99 {}",
        args.delay_ms,
        millis(all.summary.median.saturating_sub(delay)),
        millis(all.p99.saturating_sub(delay))
    );
    drop(connections);
    server.shutdown()?;
    Ok(())
}

/// Where the requests go.
struct Target {
    addr: SocketAddr,
    path: String,
}

/// One open HTTP/1.1 connection: one request at a time, kept open between rounds.
type Connection = SendRequest<Empty<Bytes>>;

/// Sends one request per connection, all at once (opening the missing connections first),
/// and returns the connections and how long each request took, send to last byte.
async fn fire(
    target: &Target,
    connections: Vec<Option<Connection>>,
) -> anyhow::Result<(Vec<Connection>, Vec<Duration>)> {
    let tasks: Vec<_> = connections
        .into_iter()
        .map(|connection| {
            let (addr, path) = (target.addr, target.path.clone());
            tokio::spawn(async move {
                let watch = Stopwatch::start();
                let mut connection = match connection {
                    Some(open) => open,
                    None => connect(addr).await?,
                };
                get(&mut connection, addr, &path).await?;
                anyhow::Ok((connection, watch.elapsed()))
            })
        })
        .collect();
    let (mut open, mut samples) = (Vec::new(), Vec::new());
    for task in tasks {
        let (connection, took) = task.await.context("a request task panicked")??;
        open.push(connection);
        samples.push(took);
    }
    Ok((open, samples))
}

async fn connect(addr: SocketAddr) -> anyhow::Result<Connection> {
    let stream = TcpStream::connect(addr)
        .await
        .with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    // The connection's own task reads and writes the socket; it ends when `sender` is dropped.
    tokio::spawn(connection);
    Ok(sender)
}

async fn get(connection: &mut Connection, addr: SocketAddr, path: &str) -> anyhow::Result<()> {
    let request = Request::get(path)
        .header(header::HOST, addr.to_string())
        .body(Empty::new())?;
    connection.ready().await?;
    let response = connection.send_request(request).await?;
    let status = response.status();
    ensure!(status == StatusCode::OK, "GET {path} answered {status}");
    response.into_body().collect().await?;
    Ok(())
}

/// Each request holds two sockets (the client's end and the server's), so the process
/// needs about twice the concurrency in open files. Many systems default to a soft limit
/// of 1024; raise it up to the hard limit, or say clearly how to.
fn raise_open_files_limit(concurrency: usize) -> anyhow::Result<()> {
    let needed = 2 * concurrency as u64 + 64;
    let soft = rlimit::increase_nofile_limit(needed).context("cannot read the open-files limit")?;
    ensure!(
        soft >= needed,
        "{concurrency} concurrent requests need about {needed} open files, but the limit is {soft}; \
         raise it with `ulimit -n {needed}` (or ask for fewer with --concurrency)"
    );
    Ok(())
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
