//! Lesson 06: gather, wait, cancel, timeout: asyncio's coordination tools in Rust.
//!
//! Three jobs, A (3 units), B (1) and C (2), submitted in that order, run through every
//! tool the lesson maps:
//!
//! 1. `gather`: `join!`, `join_all` (submission order), `JoinSet` (completion order),
//!    `try_join_all` (the first error drops the others);
//! 2. `wait`: asyncio's `wait` with its three `return_when` modes and a timeout, beside
//!    `select!`, `select_all` and `FuturesUnordered` (as_completed);
//! 3. `cancel`: dropping a future, a dropped `JoinHandle` (detached) against `abort`, a
//!    `CancellationToken` tree, a `select!` loop that loses messages and its fix, `shield`;
//! 4. `timeout`: one deadline for several steps, partial results, retries with back-off;
//! 5. `structured`: a task that outlives its parent (the bug), a `JoinSet` as the scope,
//!    and a `TaskGroup` made of a `JoinSet`.
//!
//! Run it with `cargo run -p lesson-06` (every part, about 6 s), or one part:
//! `cargo run -p lesson-06 -- cancel --unit-ms 50`. `--svg DIR` also writes the timelines
//! as pictures (`--svg book/src/img/06`). `--present` (on the story or one part) is for
//! giving the talk: a pause before each part, its number large, what to watch for. `bench` times spawn, `join_all`, `JoinSet` and
//! `FuturesUnordered` for 10k tasks: `cargo run --release -p lesson-06 -- bench`.
//!
//! What to look for: the order of results (submission or completion), which jobs say
//! "dropped before it finished", and when each call returns.

mod bench;
mod cancel;
mod gather;
mod log;
mod structured;
mod timeout;
mod wait;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::secs;
use kit::present::{self, PresentArgs};
use kit::timeline::Rows;

use crate::log::Log;

#[derive(Debug, Parser)]
#[command(
    name = "lesson-06",
    about = "Gather, wait, cancel, timeout: asyncio's coordination tools in tokio and futures",
    after_help = "With no command, runs every part in order (about 6 s with the defaults)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    /// How long one unit of work waits, in milliseconds (job A waits 3 units).
    #[arg(long, global = true, default_value_t = 100, value_parser = in_range(1u64, 2000))]
    unit_ms: u64,
    /// Also write the timelines as SVG pictures into this folder
    /// (the book's are made with `--svg book/src/img/06`).
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Subcommand)]
enum Part {
    /// join!, join_all, JoinSet and try_join_all: submission order against completion order.
    Gather,
    /// asyncio's wait (return_when, timeout) beside select!, select_all, FuturesUnordered.
    Wait,
    /// Dropping, abort, a detached task, a CancellationToken tree, cancel safety, shield.
    Cancel,
    /// One deadline for several steps, partial results, retries with back-off.
    Timeout,
    /// A task that outlives its parent, a JoinSet as the scope, a TaskGroup.
    Structured,
    /// Time spawn, join_all, JoinSet and FuturesUnordered for many tiny tasks.
    Bench(bench::BenchArgs),
}

const STORY: [Part; 5] = [
    Part::Gather,
    Part::Wait,
    Part::Cancel,
    Part::Timeout,
    Part::Structured,
];

struct Run {
    unit: Duration,
    svg: Option<PathBuf>,
}

fn main() {
    let cli: Cli = parse_or_exit();
    if let Some(Part::Bench(args)) = &cli.part {
        if cli.present.present {
            usage_error(
                "bench is a measurement, not a story in parts: drop --present \
                 (present a part, or the whole story, instead)",
            );
        }
        if cli.svg.is_some() {
            usage_error("bench draws no timelines: drop --svg");
        }
        bench::run(args);
        return;
    }
    if let Some(dir) = &cli.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    let run = Run {
        unit: Duration::from_millis(cli.unit_ms),
        svg: cli.svg,
    };
    present::init(&cli.present);
    match cli.part {
        None => {
            for part in &STORY {
                play(&run, part);
            }
            println!("Gather collects, wait splits done from pending, cancel is a drop (or a");
            println!("token the task checks), and a timeout is a cancel on a clock.");
        }
        Some(part) => play(&run, &part),
    }
    present::end();
}

fn play(run: &Run, part: &Part) {
    let unit = run.unit;
    match part {
        Part::Gather => {
            header(
                "1. Gather: A (3 units), B (1), C (2), submitted in that order",
                "the order of results: join_all A, B, C (as submitted), JoinSet B, C, A (as \
                 they finish); try_join_all drops A and C when B fails",
            );
            let log = Log::printing();
            let got = on_one_thread(gather::with_join_macro(&log, unit));
            log.say(format!("join! returned {got:?}: the order written"));
            footer(run, &log, None);
            section("join_all: results in submission order, all when the slowest is done");
            let log = Log::printing();
            on_one_thread(gather::with_join_all(&log, unit));
            footer(
                run,
                &log,
                Some((
                    "06-join-all",
                    "join_all: A, B, C in submission order, all at 3 units",
                )),
            );
            section("JoinSet: each result the moment its task finishes");
            let log = Log::printing();
            on_one_thread(gather::with_join_set(&log, unit));
            footer(
                run,
                &log,
                Some(("06-join-set", "JoinSet: B, C, A in completion order")),
            );
            section("try_join_all: B fails at 1 unit; the others are dropped");
            let log = Log::printing();
            let _ = on_one_thread(gather::with_try_join_all(&log, unit));
            println!("    (asyncio.gather would let A and C run on after B's exception)");
            footer(
                run,
                &log,
                Some((
                    "06-try-join-all",
                    "try_join_all: B fails, A and C are dropped",
                )),
            );
        }
        Part::Wait => {
            header(
                "2. Wait: done and pending, and the pending keep running",
                "wait returns B done, A and C pending, and the pending go on running; select! \
                 keeps the first answer and drops the rest",
            );
            let log = Log::printing();
            on_one_thread(wait::modes(&log, unit));
            footer(
                run,
                &log,
                Some((
                    "06-wait",
                    "wait: FirstCompleted, FirstException, AllCompleted with a timeout",
                )),
            );
            section("the idiomatic tools: select!, select_all, FuturesUnordered");
            let log = Log::printing();
            let first = on_one_thread(wait::with_select(&log, unit));
            log.say(format!(
                "select! took {first}; the other branches were dropped"
            ));
            on_one_thread(wait::with_select_all(&log, unit));
            on_one_thread(wait::with_futures_unordered(&log, unit));
            footer(run, &log, None);
        }
        Part::Cancel => {
            header(
                "3. Cancel: a dropped future, abort, and a handle that detaches",
                "who says \"dropped before it finished\": a dropped future and an aborted task \
                 stop at their .await; a detached task runs on",
            );
            let log = Log::printing();
            on_one_thread(cancel::drop_a_future(&log, unit));
            on_one_thread(cancel::detach_then_abort(&log, unit));
            footer(
                run,
                &log,
                Some((
                    "06-abort",
                    "a dropped future, a detached task, an aborted task",
                )),
            );
            section("a CancellationToken tree: co-operative, each worker cleans up itself");
            let log = Log::printing();
            on_one_thread(cancel::token_tree(&log, unit));
            footer(
                run,
                &log,
                Some(("06-token-tree", "cancel db (and its helper), then the root")),
            );
            section("cancel safety: a select! loop reading pairs, with a tick every 1.3 units");
            let log = Log::printing();
            on_one_thread(cancel::loses_messages(&log, unit));
            println!("    (each tick dropped a read_pair holding a message: those are gone)");
            let log = Log::printing();
            on_one_thread(cancel::keeps_messages(&log, unit));
            println!(
                "    (the fix races only recv, which is cancel-safe, and keeps the half pair)"
            );
            section("shield: stop waiting, not working");
            let log = Log::printing();
            on_one_thread(cancel::shield(&log, unit));
            println!(
                "    (Python's task.cancel() raises CancelledError inside the task, which may"
            );
            println!("    catch it; a dropped Rust future runs no more code, only destructors)");
            footer(run, &log, None);
        }
        Part::Timeout => {
            header(
                "4. Timeouts: one budget of 4 units for connect (1), ask (2), read (2)",
                "one deadline for three steps cuts `read` at 4 units; then partial results at \
                 a deadline, and retries backing off ½, 1, 2 units",
            );
            let log = Log::printing();
            let _ = on_one_thread(timeout::shared_deadline(&log, unit));
            footer(
                run,
                &log,
                Some((
                    "06-budget",
                    "one deadline for three steps: read is cut at 4 units",
                )),
            );
            section("partial results: jobs of 1..5 units, deadline at 3.5 units");
            let log = Log::printing();
            on_one_thread(timeout::partial_results(&log, unit));
            footer(run, &log, None);
            section("retries: 1 unit per attempt, pauses of ½, 1, 2 units between");
            let log = Log::printing();
            on_one_thread(timeout::retry_with_backoff(&log, unit, 4));
            footer(
                run,
                &log,
                Some((
                    "06-retry",
                    "retries with back-off: two timeouts, then an answer",
                )),
            );
        }
        Part::Structured => {
            header(
                "5. Structured concurrency: the parent stops waiting after 1.5 units",
                "the orphan writes lines after \"parent returned\"; in a JoinSet the child ends \
                 with its parent; in a TaskGroup the first error cancels the rest",
            );
            let log = Log::printing();
            on_one_thread(async {
                structured::orphan(&log, unit).await;
                // Stay around long enough to hear the orphan go on.
                tokio::time::sleep(unit * 3).await;
            });
            println!("    (the bug: the orphan wrote after its parent returned)");
            footer(
                run,
                &log,
                Some(("06-orphan", "tokio::spawn: the child outlives its parent")),
            );
            let log = Log::printing();
            on_one_thread(async {
                structured::scoped(&log, unit).await;
                tokio::time::sleep(unit * 3).await;
            });
            println!("    (the JoinSet died with its parent and took the child with it)");
            footer(
                run,
                &log,
                Some(("06-scoped", "JoinSet: the child ends with its parent")),
            );
            section("a TaskGroup: the first error cancels the rest");
            let log = Log::printing();
            let _ = on_one_thread(structured::task_group(&log, unit));
            footer(run, &log, None);
        }
        Part::Bench(_) => unreachable!("main runs the bench before any part"),
    }
}

/// Runs a future on a single-threaded runtime, like Python's asyncio event loop.
fn on_one_thread<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        // Building a current-thread runtime only fails if the OS refuses resources;
        // there is nothing to recover in a demo.
        .expect("cannot start a tokio runtime")
        .block_on(future)
}

/// Starts a part: its title, or with `--present` a screen of its own (the part's number
/// large, the title, what the room should watch for) and a pause until Enter.
fn header(title: &str, watch: &str) {
    // The presenter's screen numbers the parts itself (a single part is its part 1), so
    // the title goes without the story's "3. ".
    let bare = title.split_once(". ").map_or(title, |(_, rest)| rest);
    if !present::part(bare, watch) {
        println!("{title}");
    }
}

fn section(title: &str) {
    println!("  {title}");
}

/// Prints the time taken and the timeline; writes the SVG if asked and named.
fn footer(run: &Run, log: &Arc<Log>, picture: Option<(&str, &str)>) {
    println!("    took {}", secs(log.elapsed()));
    if picture.is_some() {
        println!("    (░ waits with the thread free, █ holds it)");
        // Paced, line by line, with `--present`.
        present::show(&log.chart());
    }
    if let (Some(dir), Some((name, title))) = (&run.svg, picture) {
        let path = dir.join(format!("{name}.svg"));
        match log.timeline().write_svg(&path, Rows::Task, title) {
            Ok(()) => println!("    wrote {}", path.display()),
            Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
        }
    }
    println!();
}
