//! `delay-server bench`: how much latency does the server add under load?
//!
//! An in-process server on its own thread (one single-threaded runtime) and a client
//! runtime fire `--concurrency` requests at `/delay/{ms}` all at once, for several rounds.
//! Each request is timed from send to last byte; the added latency is that time minus the
//! delay the server was asked to wait. The first round also opens every connection, so
//! the summary counts the warm rounds after it.

use std::time::Duration;

use anyhow::{Context, ensure};
use clap::Args;
use delay_server::{Config, DelayServer};
use kit::cli::in_range;
use kit::measure::{Stopwatch, Summary};

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
            ms(s.median),
            ms(self.p99),
            ms(s.max),
            ms(s.median.saturating_sub(delay))
        )
    }
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    raise_open_files_limit(args.concurrency)?;
    let server = DelayServer::start_blocking(Config::default())?;
    let delay = Duration::from_millis(args.delay_ms);
    let url = server.url(&format!("/delay/{}", args.delay_ms));
    println!(
        "bench: {} concurrent GET {url}, {} rounds; server on one thread, client on {} worker threads",
        args.concurrency,
        args.rounds,
        client_threads()
    );

    let runtime = tokio::runtime::Runtime::new().context("cannot start the client runtime")?;
    let client = reqwest::Client::builder()
        .build()
        .context("cannot build the http client")?;
    let mut warm = Vec::new();
    for round in 1..=args.rounds {
        server.reset_stats();
        let samples = runtime.block_on(fire(&client, &url, args.concurrency))?;
        let peak = server.stats().max_in_flight;
        let note = if round == 1 { " (opens the connections)" } else { "" };
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
        ms(all.summary.median.saturating_sub(delay)),
        ms(all.p99.saturating_sub(delay))
    );
    server.shutdown()?;
    Ok(())
}

/// Sends `n` requests at once and returns how long each took, send to last byte.
async fn fire(client: &reqwest::Client, url: &str, n: usize) -> anyhow::Result<Vec<Duration>> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            tokio::spawn(async move {
                let watch = Stopwatch::start();
                let response = client.get(url).send().await?.error_for_status()?;
                response.bytes().await?;
                Ok::<_, reqwest::Error>(watch.elapsed())
            })
        })
        .collect();
    let mut samples = Vec::with_capacity(n);
    for task in tasks {
        samples.push(task.await.context("a request task panicked")?.context("a request failed")?);
    }
    Ok(samples)
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

fn client_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

