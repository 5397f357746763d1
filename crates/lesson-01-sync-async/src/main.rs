//! Lesson 01: sync vs async, told with three counts.
//!
//! Each count says "One", waits a second, says "Two". The demo runs three of them:
//!
//! 1. one after another with a blocking wait (`std::thread::sleep`): 3 s;
//! 2. concurrently on a single-threaded tokio runtime (`tokio::time::sleep`): 1 s;
//! 3. the pitfall: a blocking wait inside async code: back to 3 s;
//! 4. the fixes: the async wait (1 s), or `spawn_blocking` for a call that must block (1 s).
//!
//! Run it with `cargo run -p lesson-01` (all parts), or pick one:
//! `cargo run -p lesson-01 -- async --counts 1000`. `bench` repeats the concurrent run and
//! compares it with the 1.000 s floor: `cargo run --release -p lesson-01 -- bench`.
//!
//! What to look for: the order of the lines. Concurrent counts all say "One" before any
//! says "Two"; blocked ones finish each count before the next begins. And the times:
//! concurrency turns the sum of the waits into the longest wait.

mod async_count;
mod bench;
mod pitfall;
mod sync_count;
mod transcript;

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit};
use kit::measure::{Table, secs};
use kit::timeline::Rows;

use crate::transcript::Transcript;

#[derive(Debug, Parser)]
#[command(
    name = "lesson-01",
    about = "Sync vs async: three counts, run one after another, then concurrently",
    after_help = "With no command, runs every part of the story in order (about 9 s)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// Also write each part's timeline as an SVG picture into this folder
    /// (the book's are made with `--svg book/src/img/01`).
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
}

/// Timelines are drawn in the terminal for up to this many counts (one row each).
const MAX_CHART_ROWS: usize = 12;

/// The longest a part that waits one count at a time may take; beyond it, the demo
/// refuses the sizes rather than leave the reader staring at a silent terminal.
const MAX_SEQUENTIAL: Duration = Duration::from_secs(120);

/// tokio's default cap on blocking-pool threads: `spawn_blocking` waits in batches of it.
const BLOCKING_POOL_THREADS: usize = 512;

#[derive(Debug, Clone, Copy, clap::Args)]
struct Sizes {
    /// How many counts to run.
    #[arg(long, global = true, default_value_t = 3, value_parser = in_range(1usize, 10_000))]
    counts: usize,
    /// How long each count waits between "One" and "Two", in milliseconds.
    #[arg(long, global = true, default_value_t = 1000, value_parser = in_range(1u64, 10_000))]
    delay_ms: u64,
}

#[derive(Debug, Subcommand)]
enum Part {
    /// The counts one after another, with a blocking wait (no runtime at all).
    Sync,
    /// The counts concurrently on one thread, with tokio's non-blocking wait.
    Async,
    /// The pitfall: a blocking wait inside async code.
    Blocking,
    /// The fix for a call that must block: `spawn_blocking`.
    SpawnBlocking,
    /// Repeat the concurrent run and compare it with the floor of one delay.
    Bench(bench::BenchArgs),
}

/// What every part needs: the sizes, and where to put pictures.
#[derive(Debug)]
struct Run {
    n: usize,
    delay: Duration,
    svg: Option<PathBuf>,
}

fn main() {
    let cli: Cli = parse_or_exit();
    if let Some(dir) = &cli.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        kit::cli::usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    let run = Run {
        n: cli.sizes.counts,
        delay: Duration::from_millis(cli.sizes.delay_ms),
        svg: cli.svg,
    };
    let longest_part = match cli.part {
        None | Some(Part::Sync | Part::Blocking) => Some(run.n),
        Some(Part::SpawnBlocking) => Some(run.n.div_ceil(BLOCKING_POOL_THREADS)),
        Some(Part::Async | Part::Bench(_)) => None,
    };
    if let Some(waits) = longest_part {
        let total = run
            .delay
            .saturating_mul(u32::try_from(waits).unwrap_or(u32::MAX));
        if total > MAX_SEQUENTIAL {
            kit::cli::usage_error(format!(
                "{} counts of {} ms one after another would take {} (the limit is {}): \
                 lower --counts or --delay-ms, or run only the `async` part",
                run.n,
                run.delay.as_millis(),
                secs(total),
                secs(MAX_SEQUENTIAL)
            ));
        }
    }
    match cli.part {
        None => story(&run),
        Some(Part::Sync) => {
            sync(&run);
        }
        Some(Part::Async) => {
            concurrent(&run);
        }
        Some(Part::Blocking) => {
            blocking(&run);
        }
        Some(Part::SpawnBlocking) => {
            spawn_blocking(&run);
        }
        Some(Part::Bench(args)) => bench::run(&args, run.delay),
    }
}

/// All the parts in order, then a table of expected against measured times.
fn story(run: &Run) {
    let (n, delay) = (run.n, run.delay);
    let rows = [
        ("one after another (sync)", n, sync(run)),
        ("concurrent, tokio::time::sleep", 1, concurrent(run)),
        ("std::thread::sleep in async", n, blocking(run)),
        ("fix: spawn_blocking", 1, spawn_blocking(run)),
    ];
    println!("Summary ({n} counts of {}):", secs(delay));
    let mut table = Table::new(["run", "waits in a row", "expected", "measured"]);
    for (what, waits, took) in rows {
        let expected = delay * u32::try_from(waits).unwrap_or(u32::MAX);
        table.row([
            what.to_string(),
            waits.to_string(),
            secs(expected),
            secs(took),
        ]);
    }
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
    println!("Concurrency turned the sum of the waits into the longest wait, on one thread.");
    println!("One blocking call inside async code undid it; spawn_blocking moved it aside.");
}

fn sync(run: &Run) -> Duration {
    let (n, delay) = (run.n, run.delay);
    header(
        "1. One after another, blocking",
        "each count blocks the thread while it waits, so the next cannot start",
    );
    let out = Transcript::printing();
    sync_count::run_sequential(n, delay, &out);
    footer(
        &out,
        run,
        "01-sync",
        "Three counts, one after another (blocking sleep)",
    )
}

fn concurrent(run: &Run) -> Duration {
    let (n, delay) = (run.n, run.delay);
    header(
        "2. Concurrently, on one thread (tokio current_thread runtime)",
        "each count suspends at .await; the runtime runs the others meanwhile",
    );
    let out = Transcript::printing();
    on_one_thread(async_count::run_concurrent(n, delay, &out));
    footer(
        &out,
        run,
        "01-async",
        "Three counts, concurrently on one thread (tokio::time::sleep)",
    )
}

fn blocking(run: &Run) -> Duration {
    let (n, delay) = (run.n, run.delay);
    header(
        "3. The pitfall: std::thread::sleep inside async code",
        "the count never reaches an .await while it waits; the thread is stuck",
    );
    let out = Transcript::printing();
    on_one_thread(pitfall::run_blocking(n, delay, &out));
    footer(
        &out,
        run,
        "01-blocking",
        "Pitfall: std::thread::sleep inside async code",
    )
}

fn spawn_blocking(run: &Run) -> Duration {
    let (n, delay) = (run.n, run.delay);
    header(
        "4. The fix for a call that must block: spawn_blocking",
        "the blocking sleep runs on tokio's blocking pool; the count awaits it",
    );
    let out = Transcript::printing();
    on_one_thread(pitfall::run_spawn_blocking(n, delay, &out));
    footer(
        &out,
        run,
        "01-spawn-blocking",
        "Fix: the blocking sleep moved to spawn_blocking",
    )
}

// ANCHOR: runtime
/// Runs a future to completion on a single-threaded runtime, like Python's asyncio.
///
/// One thread makes the point: whatever overlaps here is concurrency, not parallelism.
pub fn on_one_thread<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        // Building a current-thread runtime only fails if the OS refuses a timer or
        // thread resources; there is nothing to recover in a demo.
        .expect("cannot start a tokio runtime")
        .block_on(future)
}
// ANCHOR_END: runtime

fn header(title: &str, what: &str) {
    println!("{title}");
    println!("    ({what})");
    println!("    (in the timeline, █ holds the thread, ░ waits with the thread free)");
}

/// Prints the time taken and the timeline (one row per count); writes the SVG if asked.
fn footer(out: &Transcript, run: &Run, picture: &str, title: &str) -> Duration {
    let took = out.elapsed();
    println!("    took {}", secs(took));
    if run.n <= MAX_CHART_ROWS {
        println!();
        for line in out.timeline().render_text(Rows::Task, 56).lines() {
            println!("    {line}");
        }
    }
    if let Some(dir) = &run.svg {
        let path = dir.join(format!("{picture}.svg"));
        match out.timeline().write_svg(&path, Rows::Task, title) {
            Ok(()) => println!("    wrote {}", path.display()),
            Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
        }
    }
    println!();
    took
}
