//! Lesson 01: sync vs async, told with three counts.
//!
//! Each count says "One", waits a second, says "Two". The demo runs three of them:
//!
//! 1. one after another with a blocking wait (`std::thread::sleep`): 3 s;
//! 2. concurrently on a single-threaded tokio runtime (`tokio::time::sleep`): 1 s;
//! 3. the pitfall: a blocking wait inside async code: back to 3 s;
//! 4. the fix for a call that must block: `spawn_blocking` (1 s);
//! 5. two tools for the exercises: `tokio::join!` beside a heartbeat, and a deadline
//!    (`tokio::time::timeout`) that cancels the counts before they say "Two".
//!
//! Run it with `cargo run -p lesson-01` (all parts), or pick one:
//! `cargo run -p lesson-01 -- async --counts 1000`. `bench` repeats the concurrent run and
//! compares it with the 1.000 s floor: `cargo run --release -p lesson-01 -- bench`.
//! For giving the talk, `--present` waits for Enter before each part.
//!
//! What to look for: the order of the lines. Concurrent counts all say "One" before any
//! says "Two"; blocked ones finish each count before the next begins. And the times:
//! concurrency turns the sum of the waits into the longest wait.

mod async_count;
mod bench;
mod deadline;
mod pitfall;
mod sync_count;
mod transcript;

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{Table, secs};
use kit::present::{self, PresentArgs};
use kit::timeline::Rows;

use crate::transcript::Transcript;

#[derive(Debug, Parser)]
#[command(
    name = "lesson-01",
    about = "Sync vs async: three counts, run one after another, then concurrently",
    after_help = "With no command, runs every part of the story in order \
                  (about 10 s with the defaults)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// Also write each part's timeline as an SVG picture into this folder
    /// (the book's are made with `--svg book/src/img/01`).
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Copy, clap::Args)]
struct Sizes {
    /// How many counts to run (bench takes --sizes instead).
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
    /// `tokio::join!` with a heartbeat, then the counts under a deadline of half a delay.
    Deadline,
    /// Repeat the concurrent run and compare it with the floor of one delay.
    Bench(bench::BenchArgs),
}

/// Timelines are drawn in the terminal for up to this many counts (one row each).
const MAX_CHART_ROWS: usize = 12;

/// The longest the parts that wait one count at a time may take together; beyond it the
/// demo refuses the sizes rather than leave the reader staring at a silent terminal.
const MAX_SEQUENTIAL: Duration = Duration::from_secs(120);

/// tokio's default cap on blocking-pool threads: `spawn_blocking` waits in batches of it.
const BLOCKING_POOL_THREADS: usize = 512;

/// What every part needs: the sizes, and where to put pictures.
#[derive(Debug)]
struct Run {
    n: usize,
    delay: Duration,
    svg: Option<PathBuf>,
}

impl Run {
    /// How many delays in a row a part must wait, by its design.
    fn waits_in_a_row(&self, part: &Part) -> usize {
        match part {
            Part::Sync | Part::Blocking => self.n,
            Part::SpawnBlocking => self.n.div_ceil(BLOCKING_POOL_THREADS),
            Part::Async | Part::Bench(_) => 1,
            // `join!` for a whole delay, then the deadline run beside a heartbeat of ¾ of
            // one: 1¾ delays, rounded up.
            Part::Deadline => 2,
        }
    }

    fn delays(&self, waits: usize) -> Duration {
        self.delay
            .saturating_mul(u32::try_from(waits).unwrap_or(u32::MAX))
    }

    /// "3 counts", "1 count".
    fn counts(&self) -> String {
        match self.n {
            1 => "1 count".to_string(),
            n => format!("{n} counts"),
        }
    }
}

fn main() {
    let cli: Cli = parse_or_exit();
    let run = Run {
        n: cli.sizes.counts,
        delay: Duration::from_millis(cli.sizes.delay_ms),
        svg: cli.svg,
    };
    if let Some(Part::Bench(args)) = &cli.part {
        if run.svg.is_some() {
            usage_error("bench draws no timelines: drop --svg");
        }
        if cli.present.present {
            usage_error("bench has no parts to present: drop --present");
        }
        bench::run(args, run.delay);
        return;
    }
    present::init(&cli.present);
    check_duration(&run, cli.part.as_ref());
    if let Some(dir) = &run.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    match cli.part {
        None => story(&run),
        Some(part) => {
            play(&run, &part);
        }
    }
    present::end();
}

/// Refuses sizes whose one-at-a-time parts would run for minutes.
fn check_duration(run: &Run, part: Option<&Part>) {
    let waits = match part {
        Some(part) => run.waits_in_a_row(part),
        None => STORY.iter().map(|part| run.waits_in_a_row(part)).sum(),
    };
    let total = run.delays(waits);
    if total > MAX_SEQUENTIAL {
        usage_error(format!(
            "{} of {} ms would wait {} in a row (the limit is {}): lower --counts or \
             --delay-ms, or run only the `async` part",
            run.counts(),
            run.delay.as_millis(),
            secs(total),
            secs(MAX_SEQUENTIAL)
        ));
    }
}

/// The parts of the story, in order.
const STORY: [Part; 5] = [
    Part::Sync,
    Part::Async,
    Part::Blocking,
    Part::SpawnBlocking,
    Part::Deadline,
];

/// All the parts in order, then a table of expected against measured times.
fn story(run: &Run) {
    let mut table = Table::new(["run", "waits in a row", "expected", "measured"]);
    for part in &STORY {
        let took = play(run, part);
        let waits = run.waits_in_a_row(part);
        let (what, waits_shown, expected) = match part {
            // The deadline part runs twice: a whole delay, then the counts under a deadline
            // of half a delay beside a heartbeat that ticks on to ¾ of one.
            Part::Deadline | Part::Bench(_) => (
                "join!, then a deadline",
                "1 + ¾".to_string(),
                run.delay + run.delay * 3 / 4,
            ),
            Part::Sync => (
                "one after another (sync)",
                waits.to_string(),
                run.delays(waits),
            ),
            Part::Async => (
                "concurrent, tokio::time::sleep",
                waits.to_string(),
                run.delays(waits),
            ),
            Part::Blocking => (
                "std::thread::sleep in async",
                waits.to_string(),
                run.delays(waits),
            ),
            Part::SpawnBlocking => ("fix: spawn_blocking", waits.to_string(), run.delays(waits)),
        };
        table.row([what.to_string(), waits_shown, secs(expected), secs(took)]);
    }
    let mut summary = format!("Summary ({} of {}):\n", run.counts(), secs(run.delay));
    for line in table.to_string().lines() {
        summary.push_str(&format!("    {line}\n"));
    }
    summary.push('\n');
    present::show(&summary);
    println!("Concurrency turned the sum of the waits into the longest wait, on one thread.");
    println!("One blocking call inside async code undid it; spawn_blocking moved it aside.");
}

/// Runs one part with its narration; returns how long it took.
fn play(run: &Run, part: &Part) -> Duration {
    let (n, delay) = (run.n, run.delay);
    let counts = run.counts();
    match part {
        Part::Sync => {
            header(
                "1. One after another, blocking",
                "each count blocks the thread while it waits, so the next cannot start",
                &format!(
                    "each count says Two before the next says One: {} in all",
                    secs(run.delays(n))
                ),
            );
            let out = Transcript::printing();
            sync_count::run_sequential(n, delay, &out);
            footer(
                &out,
                run,
                "01-sync",
                &format!("{counts}, one after another (blocking sleep)"),
            )
        }
        Part::Async => {
            header(
                "2. Concurrently, on one thread (tokio current_thread runtime)",
                "each count suspends at .await; the runtime runs the others meanwhile",
                &format!(
                    "every One before any Two: the waits overlap, {} in all, on one thread",
                    secs(delay)
                ),
            );
            let out = Transcript::printing();
            on_one_thread(async_count::run_concurrent(n, delay, &out));
            let title = format!("{counts}, concurrently on one thread (tokio::time::sleep)");
            footer(&out, run, "01-async", &title)
        }
        Part::Blocking => {
            header(
                "3. The pitfall: std::thread::sleep inside async code",
                "the count never reaches an .await while it waits; the thread is stuck",
                &format!(
                    "async code, yet one count at a time again: {} in all",
                    secs(run.delays(n))
                ),
            );
            let out = Transcript::printing();
            on_one_thread(pitfall::run_blocking(n, delay, &out));
            let title = format!("Pitfall: {counts}, std::thread::sleep inside async code");
            footer(&out, run, "01-blocking", &title)
        }
        Part::SpawnBlocking => {
            header(
                "4. The fix for a call that must block: spawn_blocking",
                "the blocking sleep runs on tokio's blocking pool; the count awaits it",
                "the Ones together again: the blocking sleeps ▒ wait on other threads",
            );
            println!(
                "    (the Twos come in the order join_all finds the pool's sleeps over: it polls \
                 the counts in order each time it wakes)"
            );
            let out = Transcript::printing();
            on_one_thread(pitfall::run_spawn_blocking(n, delay, &out));
            let title = format!("Fix: {counts}, the blocking sleep moved to spawn_blocking");
            footer(&out, run, "01-spawn-blocking", &title)
        }
        Part::Deadline => deadline_part(run),
        Part::Bench(_) => unreachable!("main runs the bench before any part"),
    }
}

fn deadline_part(run: &Run) -> Duration {
    let (n, delay) = (run.n, run.delay);
    header(
        "5. tokio::join! with a heartbeat, then a deadline",
        "join! awaits futures of different types together; timeout drops what it gives up on",
        "the heartbeat ticks beside the counts; then the deadline cuts the counts before any Two",
    );
    let out = Transcript::printing();
    let ticks = on_one_thread(deadline::counts_with_heartbeat(n, delay, &out));
    let deadline = delay / 2;
    out.say(format!(
        "heartbeat ticked {ticks} times; now the counts again, with a deadline of {}, and the \
         heartbeat beside them, outside the deadline",
        secs(deadline)
    ));
    // The heartbeat runs outside the deadline and ticks on to ¾ of a delay, past the
    // deadline, so that the timeline shows where the counts were cut off; the `timeout`
    // row is the deadline's own timer.
    let cut_off = async {
        let timer = out.waiting("timeout"); // only draws the timeline
        let result = deadline::counts_with_deadline(n, delay, deadline, &out).await;
        drop(timer);
        match result {
            Ok(()) => out.say("the counts finished before the deadline"),
            Err(_) => out.say("deadline passed: the counts were dropped mid-wait; none said Two"),
        }
    };
    on_one_thread(async {
        tokio::join!(cut_off, deadline::heartbeat(delay / 4, delay, &out));
    });
    let title = format!("{}, with a heartbeat, then under a deadline", run.counts());
    footer(&out, run, "01-deadline", &title)
}

// ANCHOR: runtime
/// Runs a future to completion on a single-threaded runtime, like Python's asyncio.
///
/// One thread makes the point: whatever overlaps here is concurrency, not parallelism.
pub fn on_one_thread<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        // With only the time driver enabled, building asks the OS for nothing that can
        // fail: tokio's timer is its own wheel, driven by parking this thread with a
        // timeout, and the IO driver (which would open an epoll instance) is off.
        .expect("a current-thread runtime with only a timer always builds")
        .block_on(future)
}
// ANCHOR_END: runtime

/// What the timelines' two shades mean; under each part's title, and in presenter mode
/// under each timeline (the screen was cleared since the title).
const LEGEND: &str =
    "(in the timeline, ▒ is blocked: asleep, holding the thread; ░ is waiting: the thread is free)";

/// A part's title and what it does; with `--present`, a pause and a banner saying what
/// the room should watch for (`watch`) instead of the title.
fn header(title: &str, what: &str, watch: &str) {
    if present::part(title, watch) {
        println!("    ({what})");
        return;
    }
    println!("{title}");
    println!("    ({what})");
    println!("    {LEGEND}");
}

/// Prints the time taken and the timeline (one row per count); writes the SVG if asked.
fn footer(out: &Transcript, run: &Run, picture: &str, title: &str) -> Duration {
    let took = out.elapsed();
    let mut block = format!("    took {}\n", secs(took));
    if run.n <= MAX_CHART_ROWS {
        block.push('\n');
        for line in out.timeline().render_text(Rows::Task, 56).lines() {
            block.push_str(&format!("    {line}\n"));
        }
        if present::is_on() {
            block.push_str(&format!("    {LEGEND}\n"));
        }
    }
    present::show(&block);
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
