//! `lesson-06 bench`: what it costs to run N tiny tasks four ways.
//!
//! Each task yields once (so it really suspends and is resumed) and returns its number.
//! The four ways: `tokio::spawn` and await every handle in turn; `join_all` of plain
//! futures (nothing spawned: one task polls them all); a `JoinSet`; a `FuturesUnordered`
//! of plain futures. Each on a current-thread runtime and on a multi-thread runtime.

use std::future::Future;
use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::future::join_all;
use futures::stream::FuturesUnordered;
use kit::cli::in_range;
use kit::measure::{Align, Summary, Table, repeat};
use tokio::task::JoinSet;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per way; the median, min and max are reported.
    #[arg(long, default_value_t = 11, value_parser = in_range(1usize, 1000))]
    runs: usize,
    /// How many tasks each run starts.
    #[arg(long, default_value_t = 10_000, value_parser = in_range(1usize, 1_000_000))]
    tasks: usize,
    // The kit's global `--present`, which bench refuses (it has no parts). clap copies a
    // global flag into every subcommand that has none of that id, so `bench --help` would
    // list it; declared here, hidden, it stays out of bench's help, and clap still passes
    // its value up to the global one, which `main` checks. Never read.
    #[arg(long = "present", id = "present", hide = true)]
    _present: bool,
}

async fn tiny(i: usize) -> usize {
    tokio::task::yield_now().await;
    i
}

// ANCHOR: ways
async fn spawn_each(n: usize) -> usize {
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(tiny(i))).collect();
    let mut sum = 0;
    for handle in handles {
        sum += handle.await.expect("a tiny task cannot panic");
    }
    sum
}

async fn joined(n: usize) -> usize {
    join_all((0..n).map(tiny)).await.into_iter().sum()
}

async fn join_set(n: usize) -> usize {
    let mut set = JoinSet::new();
    for i in 0..n {
        set.spawn(tiny(i));
    }
    let mut sum = 0;
    while let Some(joined) = set.join_next().await {
        sum += joined.expect("a tiny task cannot panic");
    }
    sum
}

async fn unordered(n: usize) -> usize {
    (0..n)
        .map(tiny)
        .collect::<FuturesUnordered<_>>()
        .fold(0, |sum, i| async move { sum + i })
        .await
}
// ANCHOR_END: ways

fn time_on<F: Future<Output = usize>>(
    runtime: &tokio::runtime::Runtime,
    n: usize,
    run: impl Fn(usize) -> F,
) -> Duration {
    let expected = n * n.saturating_sub(1) / 2;
    runtime.block_on(async {
        let start = Instant::now();
        let sum = run(n).await;
        let took = start.elapsed();
        assert_eq!(sum, expected, "every task ran once");
        took
    })
}

pub fn run(args: &BenchArgs) {
    let n = args.tasks;
    let current = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("cannot start a tokio runtime");
    let multi = tokio::runtime::Builder::new_multi_thread()
        .build()
        .expect("cannot start a tokio runtime");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{n} tasks that each yield once, four ways, {} runs each.",
        args.runs
    );
    println!();
    let mut table = Table::new(["runtime", "way", "median", "min", "max", "per task"]);
    table.align(0, Align::Left).align(1, Align::Left);
    for (label, runtime) in [
        ("current_thread".to_string(), &current),
        (format!("multi_thread ({threads} workers)"), &multi),
    ] {
        let ways: [(&str, Summary); 4] = [
            (
                "spawn + await each handle",
                repeat(args.runs, || time_on(runtime, n, spawn_each)),
            ),
            (
                "join_all (no spawn)",
                repeat(args.runs, || time_on(runtime, n, joined)),
            ),
            (
                "JoinSet",
                repeat(args.runs, || time_on(runtime, n, join_set)),
            ),
            (
                "FuturesUnordered (no spawn)",
                repeat(args.runs, || time_on(runtime, n, unordered)),
            ),
        ];
        for (way, summary) in ways {
            let per_task = summary.median.as_secs_f64() * 1e9 / n as f64;
            table.row([
                label.clone(),
                way.to_string(),
                ms(summary.median),
                ms(summary.min),
                ms(summary.max),
                format!("{per_task:.0} ns"),
            ]);
        }
    }
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
    println!("Rerun with `cargo run --release -p lesson-06 -- bench` (add --tasks, --runs).");
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
