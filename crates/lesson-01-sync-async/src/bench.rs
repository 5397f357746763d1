//! `lesson-01 bench`: the concurrent run against its physical floor.
//!
//! N counts that each wait one delay cannot finish in less than one delay. How close do
//! we get, and does it hold for a thousand or a hundred thousand counts on one thread?

use std::time::Duration;

use kit::cli::in_range;
use kit::measure::{Summary, repeat, secs};

use crate::async_count::run_concurrent;
use crate::on_one_thread;
use crate::transcript::Transcript;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per size; the median, min and max are reported.
    #[arg(long, default_value_t = 5, value_parser = in_range(1usize, 100))]
    runs: usize,
    /// Numbers of concurrent counts to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "3,1000,100000",
          value_parser = in_range(1usize, 1_000_000))]
    sizes: Vec<usize>,
}

pub fn run(args: &BenchArgs, delay: Duration) {
    println!(
        "Concurrent counts on one thread, each waiting {}: the floor is {}.",
        secs(delay),
        secs(delay)
    );
    println!(
        "    {:>8}  {:>10}  {:>10}  {:>10}  {:>12}",
        "counts", "median", "min", "max", "over floor"
    );
    for &n in &args.sizes {
        let summary: Summary = repeat(args.runs, || {
            let out = Transcript::silent();
            on_one_thread(run_concurrent(n, delay, &out));
            out.elapsed()
        });
        let over = summary.median.saturating_sub(delay);
        println!(
            "    {n:>8}  {:>10}  {:>10}  {:>10}  {:>9.1} ms",
            secs(summary.median),
            secs(summary.min),
            secs(summary.max),
            over.as_secs_f64() * 1e3
        );
    }
    println!();
    println!(
        "{} runs per size; rerun with `cargo run --release -p lesson-01 -- bench`.",
        args.runs
    );
}
