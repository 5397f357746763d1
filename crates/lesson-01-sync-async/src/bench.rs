//! `lesson-01 bench`: the concurrent run against its physical floor.
//!
//! N counts that each wait one delay cannot finish in less than one delay. How close do
//! we get, and does it hold for a thousand or a hundred thousand counts on one thread?
//!
//! Three ways are measured: `join_all` (every count is a future polled by one task, as in
//! the demo), the same `join_all` wrapped in `tokio::task::coop::unconstrained` (tokio's
//! co-operative budget switched off for it), and one spawned task per count (`JoinSet`).
//! They differ at large sizes, and the chapter explains why: the budget lets one task
//! finish only 128 sleeps per turn, and `join_all`'s inner `FuturesUnordered` polls every
//! count that was refused again on the next turn. The `polls` column counts those polls.
//!
//! The counts measured are the demo's own, bookkeeping included (each one formats two
//! lines, stores them and records a timeline span), so "over floor" is an upper bound on
//! what the runtime itself adds.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use futures::future::join_all;
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

/// The ways of running `n` counts that the bench compares.
#[derive(Debug, Clone, Copy)]
enum How {
    /// `join_all`, as in the demo: one task polls every count.
    JoinAll,
    /// The same, with tokio's co-operative budget switched off for it.
    Unconstrained,
    /// One spawned task per count, each with a budget of its own.
    Spawned,
}

impl How {
    const ALL: [How; 3] = [How::JoinAll, How::Unconstrained, How::Spawned];

    fn label(self) -> &'static str {
        match self {
            How::JoinAll => "join_all",
            How::Unconstrained => "join_all, unconstrained",
            How::Spawned => "spawned tasks",
        }
    }
}

/// Counts every call of `poll` on the future it wraps (a count, here).
///
/// Only the extra run that fills the `polls` column wraps its counts: the timed runs
/// measure the demo's counts as they are, without this bookkeeping.
struct Counted<F> {
    inner: Pin<Box<F>>,
    polls: Arc<AtomicU64>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // Relaxed is enough: the total is read only after the runtime has finished.
        self.polls.fetch_add(1, Ordering::Relaxed);
        self.inner.as_mut().poll(cx)
    }
}

fn counted<F: Future>(inner: F, polls: &Arc<AtomicU64>) -> Counted<F> {
    Counted {
        inner: Box::pin(inner),
        polls: Arc::clone(polls),
    }
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

/// Runs `n` counts one way, on a fresh single-threaded runtime; returns the time taken.
fn timed(how: How, n: usize, delay: Duration) -> Duration {
    match how {
        How::JoinAll => {
            let out = Transcript::silent();
            on_one_thread(run_concurrent(n, delay, &out));
            out.elapsed()
        }
        How::Unconstrained => {
            let out = Transcript::silent();
            on_one_thread(tokio::task::coop::unconstrained(run_concurrent(
                n, delay, &out,
            )));
            out.elapsed()
        }
        How::Spawned => {
            let out = Arc::new(Transcript::silent());
            on_one_thread(run_spawned(n, delay, Arc::clone(&out)));
            out.elapsed()
        }
    }
}

/// Runs `n` counts one way with every count wrapped in [`Counted`]; returns the total
/// number of times the counts were polled. Two per count is the least possible: one
/// poll registers the sleep, one finds it over.
async fn count_polls(how: How, n: usize, delay: Duration) -> u64 {
    let polls = Arc::new(AtomicU64::new(0));
    let out = Arc::new(Transcript::silent());
    let counts = || {
        (1..=n)
            .map(|i| counted(count(format!("count {i}"), delay, &out), &polls))
            .collect::<Vec<_>>()
    };
    match how {
        How::JoinAll => {
            join_all(counts()).await;
        }
        How::Unconstrained => {
            tokio::task::coop::unconstrained(join_all(counts())).await;
        }
        How::Spawned => {
            let mut tasks = JoinSet::new();
            for i in 1..=n {
                let out = Arc::clone(&out);
                let task = async move { count(format!("count {i}"), delay, &out).await };
                tasks.spawn(counted(task, &polls));
            }
            while let Some(done) = tasks.join_next().await {
                done.expect("a count panicked");
            }
        }
    }
    polls.load(Ordering::Relaxed)
}

/// `38912345` as `38 912 345`, so that millions read at a glance.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// The longest a bench may plan to wait in all, before it refuses the sizes.
const MAX_BENCH: Duration = Duration::from_secs(600);

pub fn run(args: &BenchArgs, delay: Duration) {
    // Each size is run `runs` times each way, plus once each way to count the polls, and
    // every run waits at least one delay.
    let per_size = (args.runs + 1) * How::ALL.len();
    let runs = u32::try_from(args.sizes.len() * per_size).unwrap_or(u32::MAX);
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
    let mut table = Table::new([
        "counts",
        "how",
        "median",
        "min",
        "max",
        "over floor",
        "polls",
    ]);
    table.align(0, Align::Right).align(1, Align::Left);
    for &n in &args.sizes {
        eprintln!("    measuring {n} concurrent counts…");
        for how in How::ALL {
            let summary: Summary = repeat(args.runs, || timed(how, n, delay));
            let over = summary.median.saturating_sub(delay);
            table.row([
                n.to_string(),
                how.label().to_string(),
                secs(summary.median),
                secs(summary.min),
                secs(summary.max),
                format!("{:.1} ms", over.as_secs_f64() * 1e3),
                grouped(on_one_thread(count_polls(how, n, delay))),
            ]);
        }
    }
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
    let runs = if args.runs == 1 {
        "1 timed run".to_string()
    } else {
        format!("{} timed runs", args.runs)
    };
    println!(
        "{runs} per size and way; `polls` (how often the counts were polled, 2 per count at \
         least) comes from one more run each."
    );
    println!("Rerun with `cargo run --release -p lesson-01 -- bench`.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1 000");
        assert_eq!(grouped(38_912_345), "38 912 345");
    }

    /// What the polls would be if every count's timer fired in the same turn (as on
    /// the paused clock): one poll each to register, then, turn after turn, a poll for
    /// every count not yet finished, while the budget lets 128 of them finish per turn.
    fn budgeted_polls(n: u64) -> u64 {
        n + (0..n.div_ceil(128)).map(|turn| n - 128 * turn).sum::<u64>()
    }

    // The paused clock makes every count's timer fire at the same instant, so the
    // numbers are exact on any machine, whatever its load.
    #[tokio::test(start_paused = true)]
    async fn a_few_counts_are_polled_twice_each() {
        for how in How::ALL {
            assert_eq!(count_polls(how, 3, SECOND).await, 6, "{how:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_budget_makes_join_all_poll_the_refused_counts_again() {
        let n = 1_000;
        assert_eq!(
            count_polls(How::JoinAll, n, SECOND).await,
            budgeted_polls(n as u64),
            "join_all: 128 sleeps finish per turn, the rest are polled again next turn"
        );
        assert_eq!(
            count_polls(How::Unconstrained, n, SECOND).await,
            2 * n as u64,
            "without the budget every count is polled twice"
        );
        assert_eq!(
            count_polls(How::Spawned, n, SECOND).await,
            2 * n as u64,
            "each spawned task has a budget of its own"
        );
    }

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn the_formula_gives_the_chapters_39_million() {
        assert_eq!(budgeted_polls(3), 6);
        assert_eq!(budgeted_polls(1_000), 5_416);
        assert_eq!(budgeted_polls(100_000), 39_212_512);
    }
}
