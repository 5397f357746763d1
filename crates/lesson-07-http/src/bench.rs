//! `bench`: the two goals, measured.
//!
//! - 200 requests at 100 ms with at most 100 in flight: two waves, ideally 0.2 s
//!   (goal: within 1.1×, 0.22 s);
//! - 1,000 requests at 100 ms, all at once: one wave, ideally 0.1 s (goal: 0.15 s).
//!
//! The server runs on a thread and runtime of its own, so the client (a multi-threaded
//! tokio runtime) does not share a thread with it. What the server added is read from
//! each request's own latency: the median beyond the 100 ms it was asked to wait.

use std::time::{Duration, Instant};

use futures::StreamExt;
use kit::measure::{Align, Table};

use crate::target::Target;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// How many times to repeat each case (the table shows the best and the median).
    #[arg(long, default_value_t = 5, value_parser = kit::cli::in_range(1usize, 50))]
    runs: usize,
    // The kit's global `--present`, which bench refuses (it has no parts). clap copies a
    // global flag into every subcommand that has none of that id, so `bench --help` would
    // list it; declared here, hidden, it stays out of bench's help, and clap still passes
    // its value up to the global one, which `main` checks. Never read.
    #[arg(long = "present", id = "present", hide = true)]
    _present: bool,
}

struct Case {
    name: &'static str,
    n: usize,
    limit: usize,
    goal: Duration,
}

const DELAY: Duration = Duration::from_millis(100);

/// One run: wall time and every request's latency.
async fn once(
    client: &reqwest::Client,
    url: &str,
    case: &Case,
) -> (Duration, Vec<Duration>, usize) {
    let start = Instant::now();
    let results: Vec<(Duration, bool)> = futures::stream::iter(0..case.n)
        .map(|_| async {
            let sent = Instant::now();
            let ok = match client.get(url).send().await {
                Ok(r) => r.bytes().await.is_ok(),
                Err(_) => false,
            };
            (sent.elapsed(), ok)
        })
        .buffer_unordered(case.limit)
        .collect()
        .await;
    let wall = start.elapsed();
    let ok = results.iter().filter(|(_, ok)| *ok).count();
    (wall, results.into_iter().map(|(d, _)| d).collect(), ok)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    // Both sides of a thousand connections are in this process: 2,000+ descriptors.
    let _ = rlimit::increase_nofile_limit(8192);
    let target = Target::ours(DELAY.as_millis() as u64)?;
    let url = target.url.to_string();
    let runtime = tokio::runtime::Runtime::new()?;
    let client = crate::runs::async_client(Duration::from_secs(10));
    let cases = [
        Case {
            name: "200 × 100 ms, 100 at once",
            n: 200,
            limit: 100,
            goal: Duration::from_millis(220),
        },
        Case {
            name: "1000 × 100 ms, all at once",
            n: 1000,
            limit: 1000,
            goal: Duration::from_millis(150),
        },
    ];
    println!(
        "bench: tokio + reqwest against the delay server (its own thread), {} runs per case, \
         after one warm-up run",
        args.runs
    );
    let mut table = Table::new([
        "case",
        "ideal",
        "goal",
        "best",
        "median",
        "median latency",
        "server peak",
        "ok",
    ]);
    for column in 1..8 {
        table.align(column, Align::Right);
    }
    for case in &cases {
        let ideal = DELAY * case.n.div_ceil(case.limit) as u32;
        // The first run opens the connections; the later ones reuse them (keep-alive).
        runtime.block_on(once(&client, &url, case));
        let mut walls = Vec::new();
        let mut latencies = Vec::new();
        let mut ok = 0;
        let mut peak = 0;
        for _ in 0..args.runs {
            target.reset_stats();
            let (wall, lat, good) = runtime.block_on(once(&client, &url, case));
            walls.push(wall);
            latencies.extend(lat);
            ok += good;
            peak = peak.max(target.stats().map_or(0, |s| s.max_in_flight));
        }
        let best = walls.iter().min().copied().unwrap_or_default();
        let med = median(walls);
        table.row([
            case.name.to_string(),
            format!("{:.3} s", ideal.as_secs_f64()),
            format!("{:.3} s", case.goal.as_secs_f64()),
            format!("{:.3} s", best.as_secs_f64()),
            format!("{:.3} s", med.as_secs_f64()),
            format!("{:.1} ms", median(latencies).as_secs_f64() * 1e3),
            peak.to_string(),
            format!("{ok}/{}", case.n * args.runs),
        ]);
        let verdict = if med <= case.goal { "within" } else { "over" };
        println!(
            "{}: median {:.3} s is {verdict} the goal of {:.3} s ({:.2}× the ideal)",
            case.name,
            med.as_secs_f64(),
            case.goal.as_secs_f64(),
            med.as_secs_f64() / ideal.as_secs_f64()
        );
    }
    println!("\n{}", table.markdown());
    println!(
        "median latency is per request, sent to answered: what beyond 100 ms is the server's \
         and the client's own time (loopback, parsing, scheduling)"
    );
    Ok(())
}
