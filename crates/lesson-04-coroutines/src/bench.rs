//! `lesson-04 bench`: what one resume costs, three ways, and the size table.
//!
//! Each way runs the jumping range through `--resumes` values (sending `None`, so every
//! resume is one step) and divides the time by the number of resumes. `black_box` keeps
//! the optimiser from computing the whole range at compile time, which it otherwise
//! might for the hand-written machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kit::cli::in_range;
use kit::measure::{Summary, Table, repeat};

use crate::coroutine::CoroutineState;
use crate::generator::{jumping_range, jumping_range_boxed};
use crate::jumping::JumpingRange;
use crate::sizes;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per way; the median, min and max are reported.
    #[arg(long, default_value_t = 5, value_parser = in_range(1usize, 100))]
    runs: usize,
    /// Resumes per run.
    #[arg(long, default_value_t = 10_000_000, value_parser = in_range(1_000u64, 1_000_000_000))]
    resumes: u64,
}

/// The range driven to its end, one resume at a time; returns the time it took.
fn per_resume<Y>(
    n: u64,
    mut resume: impl FnMut(Option<i64>) -> CoroutineState<Y, usize>,
) -> Duration {
    let start = Instant::now();
    loop {
        match resume(black_box(None)) {
            CoroutineState::Yielded(value) => {
                black_box(value);
            }
            CoroutineState::Complete(count) => {
                assert_eq!(count as u64, n, "the range yielded every value once");
                break;
            }
        }
    }
    start.elapsed()
}

/// One way to measure: returns how long one run took.
type Measure = Box<dyn Fn() -> Duration>;

/// A run's time per resume: `n` yields plus the last resume, which completes. (Kept as
/// `f64`: one resume takes around a nanosecond, below `Duration`'s resolution.)
fn nanos(run: Duration, n: u64) -> String {
    format!("{:.2} ns", run.as_secs_f64() * 1e9 / (n + 1) as f64)
}

pub fn run(args: &BenchArgs) {
    let n = args.resumes;
    let up_to = i64::try_from(n).unwrap_or(i64::MAX);
    println!(
        "The cost of one resume: the jumping range run to its end ({n} values), {} runs.",
        args.runs
    );
    println!();
    // ANCHOR: ways
    let ways: [(&str, Measure); 4] = [
        (
            "plain loop (no coroutine)",
            Box::new(move || {
                let start = Instant::now();
                for i in 0..black_box(up_to) {
                    black_box(i);
                }
                start.elapsed()
            }),
        ),
        (
            "state machine by hand",
            Box::new(move || {
                let mut range = JumpingRange::new(up_to);
                per_resume(n, |jump| range.resume(jump))
            }),
        ),
        (
            "async generator (Gen<F>)",
            Box::new(move || {
                let mut range = jumping_range(up_to);
                per_resume(n, |jump| range.resume(jump))
            }),
        ),
        (
            "async generator, boxed dyn",
            Box::new(move || {
                let mut range = jumping_range_boxed(up_to);
                per_resume(n, |jump| range.resume(jump))
            }),
        ),
    ];
    // ANCHOR_END: ways
    let mut table = Table::new(["way", "median", "min", "max"]);
    for (what, measure) in &ways {
        eprintln!("    measuring {what}…");
        let summary: Summary = repeat(args.runs, measure);
        table.row([
            what.to_string(),
            nanos(summary.median, n),
            nanos(summary.min, n),
            nanos(summary.max, n),
        ]);
    }
    println!("Time per resume:");
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
    println!("Sizes (size_of, bytes):");
    for line in size_table().to_string().lines() {
        println!("    {line}");
    }
    println!();
    println!("Python's generator, for comparison: python3 book/python/04_resume_cost.py");
    println!("Rerun with `cargo run --release -p lesson-04 -- bench`.");
}

/// The `size_of` table, shared by the demo's `sizes` part and the bench.
pub fn size_table() -> Table {
    let mut table = Table::new(["future", "bytes", "what it holds across its awaits"]);
    table.align(2, kit::measure::Align::Left);
    for row in sizes::rows() {
        table.row([
            row.what.to_string(),
            row.bytes.to_string(),
            row.holds.to_string(),
        ]);
    }
    table
}
