//! `lesson-02 bench`: the counters and CPU-bound threads, measured.
//!
//! Run it in release mode: `cargo run --release -p lesson-02 -- bench`. Each number is
//! the median of `--runs` runs.

use std::time::Duration;

use kit::cli::in_range;
use kit::measure::{Summary, Table, repeat, secs, speedup};
use kit::timeline::Timeline;
use lesson_02::counters::{self, Way};
use lesson_02::{gil, thrash};

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per measurement; the median is reported (min and max for the CPU table).
    #[arg(long, default_value_t = 5, value_parser = in_range(1usize, 50))]
    runs: usize,
    /// Increments per thread for the counter table. (With a few million, about 10 ms, the
    /// threads of a run barely overlapped on the course machine: too short to contend.)
    #[arg(long = "ops", default_value_t = 10_000_000, value_parser = in_range(1_000u64, 100_000_000))]
    ops: u64,
    /// Sequential length of the CPU-bound work, in milliseconds.
    #[arg(long, default_value_t = 1_000, value_parser = in_range(50u64, 20_000))]
    work_ms: u64,
}

pub fn run(args: &BenchArgs) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "lesson-02 bench: {cores} cores, {} runs per number{}",
        args.runs,
        if cfg!(debug_assertions) {
            " (a debug build: add --release for real numbers)"
        } else {
            ""
        }
    );
    println!();
    counters_table(args);
    println!();
    cpu_table(args);
}

fn counters_table(args: &BenchArgs) {
    println!(
        "One shared counter, {} increments per thread: wall-clock ns per increment",
        args.ops
    );
    let mut table = Table::new(["way", "1 thread", "2 threads", "4 threads", "lost at 4"]);
    for way in Way::ALL {
        eprintln!("    measuring {}…", way.name());
        let mut cells = vec![way.name().to_string()];
        let mut lost = 0;
        for threads in [1usize, 2, 4] {
            let total = threads as u64 * args.ops;
            let mut worst_lost = 0;
            let summary = repeat(args.runs, || {
                let result = counters::run(way, threads, args.ops);
                worst_lost = worst_lost.max(total - result.count);
                result.took
            });
            let per_op = summary.median.as_nanos() as f64 / total as f64;
            cells.push(format!("{per_op:.2} ns"));
            lost = worst_lost;
        }
        cells.push(if lost == 0 {
            "0".to_string()
        } else {
            format!("{:.0} %", 100.0 * lost as f64 / (4 * args.ops) as f64)
        });
        table.row(cells);
    }
    print_lines(&table);
    println!(
        "    (lost at 4: the worst run's share of increments lost; only the racy way loses any)"
    );
}

fn cpu_table(args: &BenchArgs) {
    // 40 pieces of CPU work; together they take about --work-ms on one thread.
    let pieces = 40;
    let size = kit::work::calibrate(Duration::from_millis(args.work_ms) / pieces as u32);
    println!("CPU-bound work ({pieces} pieces of count_primes({size})) on threads");
    // Two speed-ups: of the medians, and of the fastest runs. On a machine shared with
    // other work, the fastest run is the one least disturbed (Python's timeit makes the
    // same argument for reporting the minimum).
    let mut table = Table::new([
        "run",
        "median",
        "min",
        "max",
        "speed-up",
        "of the mins",
        "cores busy",
    ]);
    let one = with_cpu(|| repeat(args.runs, || thrash::spread(pieces, 1, size)));
    let base = one.0.clone();
    let mut rows = vec![("1 thread", one)];
    for (name, threads) in [("2 threads", 2), ("4 threads", 4)] {
        eprintln!("    measuring {name}…");
        rows.push((
            name,
            with_cpu(|| repeat(args.runs, || thrash::spread(pieces, threads, size))),
        ));
    }
    eprintln!("    measuring 2 threads + one coarse lock…");
    let gil = with_cpu(|| {
        repeat(args.runs, || {
            gil::run(gil::Mode::CoarseLock, 2, pieces / 2, size, &Timeline::new())
        })
    });
    rows.push(("2 threads + one coarse lock", gil));
    for (name, (s, busy)) in rows {
        table.row([
            name.to_string(),
            secs(s.median),
            secs(s.min),
            secs(s.max),
            speedup(base.median, s.median),
            speedup(base.min, s.min),
            busy.map_or("-".to_string(), |b| format!("{b:.2}")),
        ]);
    }
    print_lines(&table);
    println!("    rerun with `cargo run --release -p lesson-02 -- bench`");
}

/// Runs `measure` and says how many cores the process kept busy meanwhile, on average:
/// its CPU time (all threads) divided by the wall time. Unlike the wall time, this barely
/// depends on what else the machine is doing: two threads computing in parallel give
/// about 2, threads taking turns about 1.
fn with_cpu(measure: impl FnOnce() -> Summary) -> (Summary, Option<f64>) {
    let (cpu, wall) = (process_cpu(), std::time::Instant::now());
    let summary = measure();
    let wall = wall.elapsed();
    let busy = cpu
        .zip(process_cpu())
        .map(|(before, after)| (after - before).as_secs_f64() / wall.as_secs_f64());
    (summary, busy)
}

/// The CPU time this process has used (user and system, all threads), on Linux; `None`
/// elsewhere. Read from `/proc/self/stat` (fields 14 and 15, in clock ticks of 1/100 s:
/// the USER_HZ of every mainstream Linux build; reading it exactly would take libc).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may contain spaces: skip past it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3, so field 14 is at index 11.
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

fn print_lines(table: &Table) {
    for line in table.to_string().lines() {
        println!("    {line}");
    }
}
