//! Lesson 02: threads and shared state, told in nine parts.
//!
//! 1. spawning and joining threads, scoped threads, `move` and `Arc`;
//! 2. the lost update: `x = x + 1` from several threads, measured for 2, 4 and 8;
//! 3. one counter four ways (`Mutex`, `RwLock`, atomic, per-thread sums), ns per increment;
//! 4. channels: bounded vs unbounded, std and crossbeam, backpressure, `select!`;
//! 5. an actor: a thread that owns a hit counter and answers messages;
//! 6. deadlock: caught by a watchdog, then fixed by a lock order and by `try_lock`;
//! 7. a producer/consumer buffer on a `Condvar`;
//! 8. the GIL picture: threads queueing on one coarse lock, then running free;
//! 9. thrashing: the same work on more threads than cores.
//!
//! Run it with `cargo run -p lesson-02` (all parts, under 10 s), or pick one:
//! `cargo run -p lesson-02 -- lost-update --increments 1000000`. `bench` measures the
//! counters and CPU-bound threads against one thread:
//! `cargo run --release -p lesson-02 -- bench`. The `Send`/`Sync` refusals are in the
//! library's docs, checked by `cargo test -p lesson-02`. For giving the talk, `--present`
//! waits for Enter before each part.
//!
//! What to look for: the lost share (every run, a different number), how the locks get
//! dearer as threads are added while per-thread sums do not, the producer that waits
//! when the channel is full, the deadlock reported instead of hanging, and the two
//! timelines of part 8.

mod bench;

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{Table, millis, secs, speedup};
use kit::present::{self, PresentArgs};
use kit::timeline::{Rows, Timeline};
use lesson_02::channels::{self, Kind};
use lesson_02::counters::{self, Way};
use lesson_02::deadlock::{self, Outcome};
use lesson_02::{actor, basics, condvar, gil, lost_update, thrash};

#[derive(Debug, Parser)]
#[command(
    name = "lesson-02",
    about = "Threads and shared state: lost updates, locks, atomics, channels, actors, \
             deadlock, condvars and the GIL picture",
    after_help = "With no command, runs every part of the story in order (under 10 s)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// Also write the timelines as SVG pictures into this folder
    /// (the book's are made with `--svg book/src/img/02`).
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Copy, clap::Args)]
struct Sizes {
    /// Increments per thread in the lost-update and counter parts.
    #[arg(long, global = true, default_value_t = 200_000,
          value_parser = in_range(1u64, 10_000_000))]
    increments: u64,
    /// Length of one chunk of CPU work in the GIL and thrashing parts, in milliseconds
    /// (CPython's switch interval is 5 ms).
    #[arg(long, global = true, default_value_t = 5, value_parser = in_range(1u64, 100))]
    chunk_ms: u64,
}

#[derive(Debug, Subcommand)]
enum Part {
    /// Spawn and join, scoped threads, move and Arc.
    Basics,
    /// `x = x + 1` from 2, 4 and 8 threads: the share of increments lost.
    LostUpdate,
    /// One counter four ways, at 1, 2 and 4 threads.
    Counters,
    /// Bounded vs unbounded channels (std and crossbeam), backpressure, select!.
    Channels,
    /// A thread that owns its state and answers messages.
    Actor,
    /// Two locks in opposite orders: caught by a watchdog, then fixed twice.
    Deadlock,
    /// A producer/consumer buffer on a Condvar.
    Condvar,
    /// Threads queueing on one coarse lock (the GIL picture), then running free.
    Gil,
    /// The same CPU work on more threads than cores.
    Thrash,
    /// Measure the counters and CPU-bound threads (use --release).
    Bench(bench::BenchArgs),
}

const STORY: [Part; 9] = [
    Part::Basics,
    Part::LostUpdate,
    Part::Counters,
    Part::Channels,
    Part::Actor,
    Part::Deadlock,
    Part::Condvar,
    Part::Gil,
    Part::Thrash,
];

fn main() {
    let cli: Cli = parse_or_exit();
    if let Some(Part::Bench(args)) = &cli.part {
        if cli.svg.is_some() {
            usage_error("bench draws no timelines: drop --svg");
        }
        if cli.present.present {
            usage_error("bench has no parts to present: drop --present");
        }
        bench::run(args);
        return;
    }
    present::init(&cli.present);
    if let Some(dir) = &cli.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    let run = Run {
        sizes: cli.sizes,
        svg: cli.svg,
    };
    match &cli.part {
        None => STORY.iter().for_each(|part| play(&run, part)),
        Some(part) => play(&run, part),
    }
    present::end();
}

struct Run {
    sizes: Sizes,
    svg: Option<PathBuf>,
}

fn play(run: &Run, part: &Part) {
    match part {
        Part::Basics => basics_part(),
        Part::LostUpdate => lost_update_part(run),
        Part::Counters => counters_part(run),
        Part::Channels => channels_part(run),
        Part::Actor => actor_part(),
        Part::Deadlock => deadlock_part(),
        Part::Condvar => condvar_part(),
        Part::Gil => gil_part(run),
        Part::Thrash => thrash_part(run),
        Part::Bench(_) => unreachable!("main runs the bench before any part"),
    }
    println!();
}

/// A part's title and what it does; with `--present`, a pause and a banner saying what
/// the room should watch for (`watch`) in place of the title.
fn header(title: &str, what: &str, watch: &str) {
    if !present::part(title, watch) {
        println!("{title}");
    }
    println!("    ({what})");
}

fn say(line: impl std::fmt::Display) {
    println!("    {line}");
}

/// Prints a table indented like the narration (paced with `--present`).
fn print_table(table: &Table) {
    present::show(&indent(&table.to_string()));
}

/// Every line of `text` indented by four spaces, as `say` prints.
fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

fn basics_part() {
    header(
        "1. Spawn, join, scope, move, Arc",
        "threads run at once; join waits for one and hands back its result",
        "each thread's sum comes back through join; scoped threads borrow without an Arc",
    );
    say(format!(
        "spawn_and_join(3): three threads summed 1..1000, 1..2000, 1..3000: {:?}",
        basics::spawn_and_join(3)
    ));
    let data: Vec<u64> = (1..=1_000_000).collect();
    say(format!(
        "scoped_sum: 4 scoped threads borrowed one slice of a million numbers: {}",
        basics::scoped_sum(&data, 4)
    ));
    let words = ["thread", "lock", "atomic", "channel", "actor"].map(String::from);
    say(format!(
        "shared_table: 3 threads read one Arc'd table (words longer than 0, 1, 2): {:?}",
        basics::shared_table(words.to_vec(), 3)
    ));
}

fn lost_update_part(run: &Run) {
    let per_thread = run.sizes.increments;
    header(
        "2. The lost update: x = x + 1 from several threads",
        "a load and a store, each atomic, with a gap between them where updates are lost",
        "the lost share, different every run; fetch_add's count stays exact",
    );
    let mut table = Table::new(["threads", "increments", "counted", "lost", "lost share"]);
    for threads in [2, 4, 8] {
        let loss = lost_update::Loss::measure(threads, per_thread);
        table.row([
            threads.to_string(),
            loss.expected.to_string(),
            loss.counted.to_string(),
            loss.lost().to_string(),
            format!("{:.1} %", loss.percent()),
        ]);
    }
    print_table(&table);
    say(format!(
        "with fetch_add instead, 8 threads count {} of {}",
        lost_update::atomic_count(8, per_thread),
        8 * per_thread
    ));
    say("run it again: the numbers change every run; only fetch_add's stays exact");
}

fn counters_part(run: &Run) {
    let per_thread = run.sizes.increments;
    header(
        "3. One counter, four ways",
        "wall-clock ns per increment, all threads together; lower is better",
        "the locks get dearer as threads are added; per-thread sums do not",
    );
    let mut table = Table::new(["way", "1 thread", "2 threads", "4 threads", "count at 4"]);
    for way in Way::ALL {
        let mut cells = vec![way.name().to_string()];
        let mut last = 0;
        for threads in [1, 2, 4] {
            let result = counters::run(way, threads, per_thread);
            let total = threads as u64 * per_thread;
            cells.push(format!("{:.1} ns", counters::ns_per_op(&result, total)));
            last = result.count;
        }
        cells.push(format!("{last} of {}", 4 * per_thread));
        table.row(cells);
    }
    print_table(&table);
    if cfg!(debug_assertions) {
        say("(a debug build: `bench` measures a release build, the honest numbers)");
    }
    say("a contended lock costs more per increment as threads are added; sums kept per");
    say("thread and added once do not contend at all");
}

fn channels_part(run: &Run) {
    header(
        "4. Channels: bounded vs unbounded, backpressure",
        "a producer sends 20 items at once; the consumer takes 5 ms for each",
        "unbounded: the producer is done at once; bounded(2): it waits, keeping pace",
    );
    let each = Duration::from_millis(5);
    let mut table = Table::new(["channel", "producer done", "consumer done", "most waiting"]);
    let mut pictures = Vec::new();
    for kind in [
        Kind::StdUnbounded,
        Kind::StdBounded(2),
        Kind::CrossbeamUnbounded,
        Kind::CrossbeamBounded(2),
    ] {
        let tl = Timeline::new();
        let report = channels::backpressure(kind, 20, each, &tl);
        table.row([
            kind.name(),
            millis(report.producer_done),
            millis(report.consumer_done),
            report.most_waiting.to_string(),
        ]);
        pictures.push((kind, tl));
    }
    print_table(&table);
    say("unbounded: the producer is done at once and everything waits in the channel;");
    say("bounded(2): send blocks while the channel is full, so the producer keeps pace");
    for (kind, tl) in &pictures {
        let (file, title) = match kind {
            Kind::CrossbeamUnbounded => (
                "02-unbounded",
                "crossbeam unbounded(): the producer never waits",
            ),
            Kind::CrossbeamBounded(_) => (
                "02-bounded",
                "crossbeam bounded(2): the producer waits in send (backpressure)",
            ),
            _ => continue,
        };
        println!();
        say(kind.name());
        draw(run, tl, Rows::Task, file, title);
    }
    let (clicks, ticks) =
        channels::clicks_and_ticks(20, Duration::from_millis(5), Duration::from_millis(25));
    say(format!(
        "select!: one loop took {clicks} clicks and {ticks} ticks from two channels, \
         whichever was ready"
    ));
}

fn actor_part() {
    header(
        "5. An actor: a thread that owns its state",
        "4 client threads send 1000 hits each; questions carry a channel for the answer",
        "no lock anywhere, yet all 4000 hits counted: one thread owns the map",
    );
    let (counter, thread) = actor::HitCounter::start();
    std::thread::scope(|s| {
        for client in 0..4 {
            let counter = counter.clone();
            s.spawn(move || {
                for i in 0..1_000 {
                    let page = if (client + i) % 4 == 0 { "/about" } else { "/" };
                    counter.hit(page);
                }
            });
        }
    });
    say(format!(
        "asked the actor: / has {:?} hits, /about has {:?}",
        counter.hits("/").unwrap_or(0),
        counter.hits("/about").unwrap_or(0)
    ));
    drop(counter);
    match thread.join() {
        Ok(hits) => say(format!(
            "last handle dropped: the actor's loop ended and returned {hits:?}"
        )),
        Err(_) => say("the actor's thread panicked"),
    }
}

fn deadlock_part() {
    header(
        "6. Deadlock: two locks taken in opposite orders",
        "thread 1 moves left → right, thread 2 right → left; each locks its source first",
        "the watchdog names the cycle of waits instead of hanging; both fixes finish",
    );
    match deadlock::opposite_transfers_with_watchdog(Duration::from_millis(500)) {
        Outcome::Deadlocked(cycle) => {
            say("watchdog: no progress for 0.5 s, and a cycle of waits:");
            for line in cycle {
                say(format!("    {line}"));
            }
            say("reported instead of hanging (the two stuck threads end with the process)");
        }
        Outcome::Finished { .. } => {
            say("no deadlock this time (unexpected: the barrier forces it)")
        }
    }
    for (use_try_lock, how) in [
        (false, "fix 1: lock order"),
        (true, "fix 2: try_lock + back-off"),
    ] {
        let (outcome, balances) = deadlock::fixed(10_000, use_try_lock);
        let retries = match outcome {
            Outcome::Finished { retries } => retries,
            Outcome::Deadlocked(_) => 0,
        };
        say(format!(
            "{how}: 10000 transfers each way finished, balances {balances:?}, {retries} back-offs"
        ));
    }
}

fn condvar_part() {
    header(
        "7. A producer/consumer buffer on a Condvar",
        "capacity 4; the producer puts 30 items at once, the consumer takes 1 ms per item",
        "each side sleeps until the other signals: on a full buffer, on an empty one",
    );
    let waits = condvar::producer_consumer(30, 4, Duration::from_millis(1));
    say(format!(
        "the producer slept {} times on a full buffer, the consumer {} times on an empty \
         one; all {} items arrived in order",
        waits.producer_waited, waits.consumer_waited, waits.items
    ));
}

fn gil_part(run: &Run) {
    let threads = 2;
    let chunks = 8;
    header(
        "8. The GIL picture: one coarse lock vs none",
        "2 threads × 8 chunks of CPU work; with the coarse lock, a chunk runs only while \
         holding it",
        "with the coarse lock the threads take turns; without it they run at once",
    );
    let size = kit::work::calibrate(Duration::from_millis(run.sizes.chunk_ms));
    let mut table = Table::new(["run", "time", "speed-up"]);
    let mut base = None;
    for mode in [
        gil::Mode::Sequential,
        gil::Mode::CoarseLock,
        gil::Mode::Free,
    ] {
        let tl = Timeline::new();
        let took = gil::run(mode, threads, chunks, size, &tl);
        let base = *base.get_or_insert(took);
        table.row([mode.name().to_string(), secs(took), speedup(base, took)]);
        let (file, title) = match mode {
            gil::Mode::Sequential => continue,
            gil::Mode::CoarseLock => (
                "02-gil",
                "2 threads, one coarse lock (the GIL picture): they take turns",
            ),
            gil::Mode::Free => ("02-free", "2 threads, no shared lock: they run at once"),
        };
        println!();
        say(mode.name());
        draw(run, &tl, Rows::Thread, file, title);
    }
    println!();
    print_table(&table);
    say("the same threads, the same work: the lock alone decides whether they overlap");
}

fn thrash_part(run: &Run) {
    header(
        "9. Thrashing: more busy threads than cores",
        "the same 64 pieces of CPU work, spread over more and more threads (median of 3)",
        "past the number of cores, more threads only add cost",
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let size = kit::work::calibrate(Duration::from_millis(run.sizes.chunk_ms));
    let mut table = Table::new(["threads", "time", "time ÷ time on 2"]);
    let mut base = None;
    for threads in [2, 8, 64, 512] {
        let took = kit::measure::repeat(3, || thrash::spread(64, threads, size)).median;
        let base = *base.get_or_insert(took);
        table.row([
            threads.to_string(),
            secs(took),
            format!("{:.2}", took.as_secs_f64() / base.as_secs_f64()),
        ]);
    }
    print_table(&table);
    say(format!(
        "this machine has {cores} cores: past that, threads only share them; each extra \
         thread costs a start, a stack and switches"
    ));
}

/// Draws a timeline in the terminal and, with --svg, writes it as a picture.
fn draw(run: &Run, timeline: &Timeline, rows: Rows, file: &str, title: &str) {
    present::show(&indent(&timeline.render_text(rows, 56)));
    if let Some(dir) = &run.svg {
        write_svg(dir, timeline, rows, file, title);
    }
}

fn write_svg(dir: &Path, timeline: &Timeline, rows: Rows, file: &str, title: &str) {
    let path = dir.join(format!("{file}.svg"));
    match timeline.write_svg(&path, rows, title) {
        Ok(()) => say(format!("wrote {}", path.display())),
        Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
    }
}
