//! `lesson-01 bench`: the concurrent run against its physical floor.
//!
//! N counts that each wait one delay cannot finish in less than one delay. How close do
//! we get, and does it hold for a thousand or a hundred thousand counts on one thread?
//!
//! Two ways are measured: `join_all` (every count is a future polled by one task, as in
//! the demo) and one spawned task per count (`JoinSet`). They differ at large sizes, and
//! the chapter explains why (tokio's co-operative budget meets `join_all`'s inner
//! `FuturesUnordered`).
//!
//! The counts measured are the demo's own, bookkeeping included (each one formats two
//! lines, stores them and records a timeline span), so "over floor" is an upper bound on
//! what the runtime itself adds.

use std::sync::Arc;
use std::time::Duration;

use kit::cli::{in_range, usage_error};
use kit::measure::{Align, Summary, Table, repeat, secs};
use tokio::task::JoinSet;

use crate::async_count::{count, run_concurrent};
use crate::on_one_thread;
use crate::transcript::Transcript;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per size; the median, min and max are reported.
    #[arg(long, default_value_t = 5, value_parser = in_range(1usize, 100))]
    runs: usize,
    /// Numbers of concurrent counts to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "3,1000,10000,100000",
          value_parser = in_range(1usize, 1_000_000))]
    sizes: Vec<usize>,
}

/// One count per spawned task: each task is scheduled (and budgeted) on its own.
async fn run_spawned(n: usize, delay: Duration, out: Arc<Transcript>) {
    let mut tasks = JoinSet::new();
    for i in 1..=n {
        let out = Arc::clone(&out);
        tasks.spawn(async move { count(format!("count {i}"), delay, &out).await });
    }
    while let Some(done) = tasks.join_next().await {
        // A count cannot panic; if one did, the demo should say so loudly.
        done.expect("a count panicked");
    }
}

/// The longest a bench may plan to wait in all, before it refuses the sizes.
const MAX_BENCH: Duration = Duration::from_secs(600);

pub fn run(args: &BenchArgs, delay: Duration) {
    // Each size is run `runs` times in two ways, each run waiting at least one delay.
    let runs = u32::try_from(args.sizes.len() * args.runs * 2).unwrap_or(u32::MAX);
    let planned = delay.saturating_mul(runs);
    if planned > MAX_BENCH {
        usage_error(format!(
            "the bench would wait at least {} (limit {}): use fewer --sizes, --runs or a \
             shorter --delay-ms",
            secs(planned),
            secs(MAX_BENCH)
        ));
    }
    println!(
        "Concurrent counts on one thread (tokio current_thread), each waiting {}.",
        secs(delay)
    );
    println!(
        "No run can take less than one wait: the floor is {}.",
        secs(delay)
    );
    println!();
    let mut table = Table::new(["counts", "how", "median", "min", "max", "over floor"]);
    table.align(0, Align::Right).align(1, Align::Left);
    for &n in &args.sizes {
        eprintln!("    measuring {n} concurrent counts…");
        let joined: Summary = repeat(args.runs, || {
            let out = Transcript::silent();
            on_one_thread(run_concurrent(n, delay, &out));
            out.elapsed()
        });
        let spawned: Summary = repeat(args.runs, || {
            let out = Arc::new(Transcript::silent());
            on_one_thread(run_spawned(n, delay, Arc::clone(&out)));
            out.elapsed()
        });
        for (how, summary) in [("join_all", joined), ("spawned tasks", spawned)] {
            let over = summary.median.saturating_sub(delay);
            table.row([
                n.to_string(),
                how.to_string(),
                secs(summary.median),
                secs(summary.min),
                secs(summary.max),
                format!("{:.1} ms", over.as_secs_f64() * 1e3),
            ]);
        }
    }
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
    let runs = if args.runs == 1 {
        "1 run".to_string()
    } else {
        format!("{} runs", args.runs)
    };
    println!("{runs} per size and way; rerun with `cargo run --release -p lesson-01 -- bench`.");
}
