//! Lesson 05: the event loop, built from scratch, then the real runtimes.
//!
//! The demo runs small programs on the five stages of our own loop (`src/s1_queue.rs`
//! to `src/s5_threads.rs`) and prints the loop's diary: every poll and its answer,
//! every wake and who caused it, every time the loop went to sleep and until when.
//!
//! 1. `busy`: stage 1 has no wakers, so it polls waiting tasks over and over;
//! 2. `wakers`: stage 2 polls a task only when its waker is called, and parks between;
//! 3. `timers`: stage 3 keeps deadlines on a heap and sleeps until the next one;
//! 4. `starve`: a task that never reaches an `.await` stops every other task;
//! 5. `io`: stage 4 serves TCP echo to many clients on one thread, woken by epoll;
//! 6. `threads`: stage 5 runs tasks on two worker threads sharing one queue;
//! 7. `runtimes`: one program on our loop, tokio (both flavours), smol and async-std.
//!
//! Run it with `cargo run -p lesson-05` (all parts, a few seconds), or pick one:
//! `cargo run -p lesson-05 -- timers --counts 5`. `cargo run --release -p lesson-05 --
//! bench` measures our loop against the others. Giving the talk? `--present` (on the
//! whole story or on one part) pauses before each part until Enter, shows its number
//! large and what to watch for, and paces the diaries, timelines and tables.
//!
//! What to look for: in the diary, a task is polled only after a line saying who woke
//! it; between wakes the loop parks, "until the next timer" or "until something wakes a
//! task". And in the `starve` part, the heartbeat's ticks arriving late, all at once.

mod bench;
mod story;

use std::cell::Cell;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{Table, millis, secs};
use kit::present::{self, PresentArgs};
use kit::timeline::Rows;
use lesson_05::runtimes::{
    self, AsyncStd, Ours, Runtime, Smol, TokioCurrentThread, TokioMultiThread,
};
use lesson_05::trace::{Cause, Entry, MAIN, Step, Trace};
use lesson_05::{
    s1_queue as s1, s2_wakers as s2, s3_timers as s3, s4_reactor as s4, s5_threads as s5,
};

use crate::story::{Names, narrate, timeline};

#[derive(Debug, Parser)]
#[command(
    name = "lesson-05",
    about = "The event loop, built from scratch in five stages, then the real runtimes",
    after_help = "With no command, runs every part of the story in order (a few seconds \
                  with the defaults)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// Also write each part's timeline as an SVG picture into this folder
    /// (the book's are made with `--svg book/src/img/05`).
    #[arg(long, value_name = "DIR", global = true)]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Copy, clap::Args)]
struct Sizes {
    /// How many counts the timer parts run.
    #[arg(long, global = true, default_value_t = 3, value_parser = in_range(1usize, 50))]
    counts: usize,
    /// The counts' wait, in milliseconds (count i waits i times this in `timers`).
    #[arg(long, global = true, default_value_t = 200, value_parser = in_range(1u64, 2_000))]
    delay_ms: u64,
    /// How many TCP clients the `io` part fires at the echo server at once. (Past 128,
    /// the listener's backlog overflows: the kernel drops connects, retried after 1 s.)
    #[arg(long, global = true, default_value_t = 100, value_parser = in_range(1usize, 2_000))]
    clients: usize,
}

#[derive(Debug, Subcommand)]
enum Part {
    /// Stage 1: a run queue without wakers polls waiting tasks over and over.
    Busy,
    /// Stage 2: wakers; only woken tasks are polled, and the loop parks between.
    Wakers,
    /// Stage 3: timers on a heap; the loop sleeps until the next deadline.
    Timers,
    /// A task that never yields starves the others (and the fix).
    Starve,
    /// Stage 4: an echo server and many clients on one thread, woken by epoll.
    Io,
    /// Stage 5: two worker threads share one run queue.
    Threads,
    /// One program on our loop, tokio, smol and async-std.
    Runtimes,
    /// Measure our loop against tokio, smol and async-std.
    Bench(bench::BenchArgs),
}

const STORY: [fn(&Run); 7] = [busy, wakers, timers, starve, io, threads, runtimes];

/// What every part needs.
#[derive(Debug)]
struct Run {
    counts: usize,
    delay: Duration,
    clients: usize,
    svg: Option<PathBuf>,
}

fn main() {
    let cli: Cli = parse_or_exit();
    let run = Run {
        counts: cli.sizes.counts,
        delay: Duration::from_millis(cli.sizes.delay_ms),
        clients: cli.sizes.clients,
        svg: cli.svg,
    };
    if let Some(Part::Bench(args)) = &cli.part {
        if cli.present.present {
            usage_error(
                "bench is a measurement, not a story in parts: drop --present \
                 (present the `runtimes` part instead)",
            );
        }
        if run.svg.is_some() {
            usage_error("bench draws no timelines: drop --svg");
        }
        if let Some(flag) = bench::story_flag_given::<Cli>() {
            usage_error(format!(
                "{flag} sizes the story's parts, not bench: drop it (bench --help lists bench's sizes)"
            ));
        }
        bench::run(args);
        return;
    }
    // The timer part waits counts × delay in all: refuse sizes that would sit silent.
    let longest = run.delay * u32::try_from(run.counts).unwrap_or(u32::MAX);
    if longest > Duration::from_secs(30) {
        usage_error(format!(
            "{} counts of {} ms would wait up to {} in the timers part (the limit is 30 s): \
             lower --counts or --delay-ms",
            run.counts,
            run.delay.as_millis(),
            secs(longest)
        ));
    }
    if let Some(dir) = &run.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    present::init(&cli.present);
    match cli.part {
        None => {
            for part in STORY {
                part(&run);
            }
            println!("That is the whole loop: a queue of ready tasks, wakers that refill it,");
            println!("and one place to sleep (park, a timer heap, epoll) until a waker fires.");
        }
        Some(Part::Busy) => busy(&run),
        Some(Part::Wakers) => wakers(&run),
        Some(Part::Timers) => timers(&run),
        Some(Part::Starve) => starve(&run),
        Some(Part::Io) => io(&run),
        Some(Part::Threads) => threads(&run),
        Some(Part::Runtimes) => runtimes(&run),
        Some(Part::Bench(_)) => unreachable!("handled above"),
    }
    present::end();
}

// ANCHOR: voice
/// How the demo's tasks speak: a line printed at once (if `echo`), and written into the
/// loop's diary so the story shows it between the loop's own steps.
#[derive(Clone)]
struct Voice {
    start: Instant,
    trace: Trace,
    echo: bool,
}

impl Voice {
    fn new(trace: &Trace, echo: bool) -> Self {
        Self {
            start: Instant::now(),
            trace: trace.clone(),
            echo,
        }
    }

    fn say(&self, text: String) {
        let at = self.start.elapsed();
        if self.echo {
            println!("    [{:>7.3} s] {text}", at.as_secs_f64());
        }
        self.trace.record(at, Step::Said(text));
    }
}
// ANCHOR_END: voice

/// Lesson 01's counts on any stage: count i says "One", sleeps `delay_of(i)`, says "Two".
macro_rules! counts {
    ($stage:ident, $n:expr, $voice:expr, $delay_of:expr) => {
        async {
            let handles: Vec<_> = (1..=$n)
                .map(|i| {
                    let voice = $voice.clone();
                    let delay: Duration = $delay_of(i);
                    $stage::spawn(async move {
                        voice.say(format!("count {i}: One"));
                        $stage::sleep(delay).await;
                        voice.say(format!("count {i}: Two"));
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
        }
    };
}

/// Names for a trace of `main` spawning the counts first.
fn count_names(n: usize) -> Names {
    let mut names = Names::new();
    for i in 1..=n {
        names.set(i, format!("count {i}"));
    }
    names
}

fn busy(run: &Run) {
    header(
        "1. A run queue and no wakers (stage 1)",
        "every task is polled on every turn, whether it can go on or not",
        "how often the loop goes round: every turn polls every sleeping count to hear \
         \"not yet\"; the thread is 100% busy",
    );
    let delay = run.delay;
    let polls = Rc::new(Cell::new(0u64));
    let voice = Voice::new(&Trace::off(), true);
    let started = Instant::now();
    s1::block_on(Counted {
        inner: Box::pin(counts!(s1, run.counts, voice, |_| delay)),
        polls: Rc::clone(&polls),
    });
    let took = started.elapsed();
    // The counted wrapper sits on `main`; each of its polls is one turn of the loop,
    // and each turn polls every unfinished count as well.
    let turns = polls.get();
    println!(
        "    took {}: the loop went round {turns} times,",
        secs(took)
    );
    println!(
        "    polling {} sleeping counts on every turn to hear \"not yet\" ({:.0} turns per ms).",
        run.counts,
        turns as f64 / took.as_secs_f64() / 1e3
    );
    println!("    The thread was 100% busy doing nothing: nobody told the loop when to look.");
    println!();
}

/// Counts the polls of the future it wraps.
struct Counted<F> {
    inner: Pin<Box<F>>,
    polls: Rc<Cell<u64>>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.set(self.polls.get() + 1);
        self.inner.as_mut().poll(cx)
    }
}

fn wakers(run: &Run) {
    header(
        "2. Wakers (stage 2): only woken tasks are polled, and the loop parks",
        "each sleep hands its waker to a helper thread, which calls it when the time is up",
        "a count is polled again only after a line saying who woke it; in between, the loop \
         parks (sleeps) instead of spinning",
    );
    let delay = run.delay;
    let trace = Trace::on();
    let voice = Voice::new(&trace, false);
    let started = Instant::now();
    s2::block_on_traced(counts!(s2, run.counts, voice, |_| delay), &trace);
    let took = started.elapsed();
    let entries = trace.entries();
    tell(&entries, &count_names(run.counts), 40);
    let polls = count(&entries, |s| matches!(s, Step::Polled(_)));
    println!(
        "    took {}: {polls} polls in all, where stage 1 needed thousands.",
        secs(took)
    );
    println!("    Every count was polled twice: to start, and once its waker was called.");
    println!();
    draw(
        run,
        &entries,
        &count_names(run.counts),
        "05-wakers",
        "Stage 2: wakers, and a loop that parks",
        Rows::Task,
    );
}

fn timers(run: &Run) {
    header(
        "3. Timers on a heap (stage 3): the loop sleeps until the next deadline",
        "count i waits i × the delay, so the deadlines come one after another",
        "\"park … sleep until … (the next timer)\": no helper threads, the loop itself sleeps \
         until each deadline in turn",
    );
    let delay = run.delay;
    let trace = Trace::on();
    let voice = Voice::new(&trace, false);
    s3::block_on_with(
        counts!(s3, run.counts, voice, |i: usize| delay
            * u32::try_from(i).unwrap_or(1)),
        s3::Clock::real(),
        &trace,
    );
    let entries = trace.entries();
    tell(&entries, &count_names(run.counts), 60);
    let timer_wakes = count(&entries, |s| matches!(s, Step::Woken(_, Cause::Timer)));
    println!(
        "    {timer_wakes} wakes by a timer; no helper threads; between them the loop slept \
         with a timeout."
    );
    println!();
    draw(
        run,
        &entries,
        &count_names(run.counts),
        "05-timers",
        "Stage 3: a timer heap; the loop sleeps until the next deadline",
        Rows::Task,
    );
}

// ANCHOR: starve
/// A heartbeat that should tick every `period`; returns how late each tick was.
async fn heartbeat(period: Duration, ticks: u32, voice: Voice) -> Vec<Duration> {
    let start = s3::now();
    let mut late = Vec::new();
    for tick in 1..=ticks {
        // Sleep until the tick is due (not for a whole period from now), so a late
        // tick does not push all the later ones back.
        let due = start + period * tick;
        s3::sleep(due.saturating_sub(s3::now())).await;
        let lateness = s3::now().saturating_sub(due);
        voice.say(format!("tick {tick} ({} late)", millis(lateness)));
        late.push(lateness);
    }
    late
}

/// Computes for `total` without a single `.await`: the loop cannot take the thread back.
async fn hog(total: Duration) {
    let until = Instant::now() + total;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

/// The same work in slices, yielding to the loop after each one.
async fn polite_hog(total: Duration, slice: Duration) {
    let until = Instant::now() + total;
    while Instant::now() < until {
        let slice_end = (Instant::now() + slice).min(until);
        while Instant::now() < slice_end {
            std::hint::spin_loop();
        }
        s3::yield_now().await;
    }
}
// ANCHOR_END: starve

fn starve(run: &Run) {
    header(
        "4. Co-operative means a task that never awaits starves the others",
        "a heartbeat ticks every 50 ms; at 100 ms a task computes for 300 ms",
        "the heartbeat (due every 50 ms) up to 250 ms late while a task computes without an \
         .await; nearly on time when it yields every 10 ms",
    );
    let period = Duration::from_millis(50);
    let work = Duration::from_millis(300);
    for (polite, picture) in [(false, "05-starve"), (true, "05-starve-yield")] {
        let trace = Trace::on();
        let voice = Voice::new(&trace, false);
        let late = s3::block_on_with(
            async {
                let beat = s3::spawn(heartbeat(period, 8, voice.clone()));
                let worker = s3::spawn(async move {
                    s3::sleep(Duration::from_millis(100)).await;
                    if polite {
                        polite_hog(work, Duration::from_millis(10)).await;
                    } else {
                        hog(work).await;
                    }
                });
                worker.await;
                beat.await
            },
            s3::Clock::real(),
            &trace,
        );
        let worst = late.iter().max().copied().unwrap_or_default();
        let mut names = Names::new();
        names.set(1, "heartbeat").set(
            2,
            if polite {
                "worker (yields)"
            } else {
                "worker (hog)"
            },
        );
        if polite {
            println!("    The same work in 10 ms slices, with `yield_now().await` after each:");
        } else {
            println!("    The work as one long stretch without an .await:");
        }
        let ticks: Vec<String> = late
            .iter()
            .map(|l| format!("{:.0}", l.as_secs_f64() * 1e3))
            .collect();
        println!(
            "      heartbeat lateness per tick, ms: {}",
            ticks.join(", ")
        );
        println!("      worst: {}", millis(worst));
        draw(
            run,
            &trace.entries(),
            &names,
            picture,
            if polite {
                "The worker yields every 10 ms: the heartbeat keeps time"
            } else {
                "A task that never yields: the heartbeat stops for 300 ms"
            },
            Rows::Task,
        );
    }
    println!("    Nothing can interrupt a poll: the loop only runs when a task returns.");
    println!("    tokio is the same (its co-operative budget only makes *its own* futures yield);");
    println!("    the fix is an .await in the loop, or `spawn_blocking` for the heavy part.");
    println!();
}

fn io(run: &Run) {
    header(
        "5. An IO reactor (stage 4): an echo server and its clients on one thread",
        "sockets are non-blocking; a task waits on WouldBlock and epoll says when to retry",
        "\"woken by IO readiness\": one thread serves the server and every client, asleep in \
         epoll_wait until a socket is ready",
    );
    let clients = run.clients;
    let rounds = 3;
    let trace = Trace::on();
    let started = Instant::now();
    let outcome = s4::block_on_with(
        runtimes::program::<Ours>(0, clients, rounds),
        s4::Clock::real(),
        &trace,
    );
    let took = started.elapsed();
    let entries = trace.entries();
    let threads = {
        let mut t: Vec<u64> = entries.iter().map(|e| e.thread).collect();
        t.sort_unstable();
        t.dedup();
        t.len()
    };
    println!(
        "    {clients} clients × {rounds} round trips of 64 bytes: {} bytes echoed in {}",
        outcome.echoed,
        secs(took)
    );
    println!(
        "    {} tasks, {} polls, {} wakes by IO readiness, {} sleeps in epoll_wait, {threads} thread",
        count(&entries, |s| matches!(s, Step::Spawned(_))) + 1,
        count(&entries, |s| matches!(s, Step::Polled(_))),
        count(&entries, |s| matches!(s, Step::Woken(_, Cause::Io))),
        count(&entries, |s| matches!(s, Step::Parked { .. })),
    );
    println!();
    println!("    The same with one client and two round trips, told step by step:");
    let trace = Trace::on();
    s4::block_on_with(
        runtimes::program::<Ours>(0, 1, 2),
        s4::Clock::real(),
        &trace,
    );
    let entries = trace.entries();
    let mut names = Names::new();
    names.set(1, "client").set(2, "connection");
    tell(&entries, &names, 40);
    println!();
    draw(
        run,
        &entries,
        &names,
        "05-io",
        "Stage 4: one echo client and its connection, woken by epoll",
        Rows::Task,
    );
}

fn threads(run: &Run) {
    header(
        "6. Two worker threads, one shared queue (stage 5)",
        "4 tasks, each 3 × (compute 20 ms, sleep 20 ms); a task may come back on either worker",
        "a task polled on worker 1, then on worker 2: a future moves between threads, which is \
         why it must be Send",
    );
    let trace = Trace::on();
    s5::block_on_traced(
        async {
            let handles: Vec<_> = (1..=4)
                .map(|_| {
                    s5::spawn(async {
                        for _ in 0..3 {
                            let until = Instant::now() + Duration::from_millis(20);
                            while Instant::now() < until {
                                std::hint::spin_loop();
                            }
                            s5::sleep(Duration::from_millis(20)).await;
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
        },
        2,
        &trace,
    );
    let entries = trace.entries();
    // `main` runs on this thread; the workers park before it polls, so look it up.
    let main_thread = entries
        .iter()
        .find(|e| e.step == Step::Polled(MAIN))
        .map_or(0, |e| e.thread);
    // Name the workers in the order they first appear.
    let mut names = Names::new();
    let mut workers = Vec::new();
    for e in entries.iter().filter(|e| e.thread != main_thread) {
        if !workers.contains(&e.thread) {
            workers.push(e.thread);
            names.set_thread(e.thread, format!("worker {}", workers.len()));
        }
    }
    let mut moves = 0;
    for task in 1..=4 {
        let ran_on: Vec<u64> = entries
            .iter()
            .filter(|e| e.step == Step::Polled(task))
            .map(|e| e.thread)
            .collect();
        moves += ran_on.windows(2).filter(|w| w[0] != w[1]).count();
        let ran_on: Vec<String> = ran_on.iter().map(|t| names.thread(*t)).collect();
        println!("    task {task} was polled on: {}", ran_on.join(", "));
        names.set(task, format!("task {task}"));
    }
    println!(
        "    {moves} times a task was woken (by a timer the other worker fired) and polled next \
         on the other worker."
    );
    println!("    Hence `Send`: a task's future must be allowed to move between threads.");
    println!();
    let tasks_only: Vec<Entry> = entries
        .into_iter()
        .filter(|e| e.thread != main_thread)
        .collect();
    draw(
        run,
        &tasks_only,
        &names,
        "05-threads",
        "Stage 5: two workers share one queue (rows: threads)",
        Rows::Thread,
    );
}

fn runtimes(_run: &Run) {
    header(
        "7. The loop is pluggable: one program, five runtimes",
        "1000 tasks that sleep 0-9 ms, and an echo server with 50 clients × 20 round trips",
        "the same sum and the same bytes echoed on all five runtimes: the program does not \
         change, only the loop under it",
    );
    let mut table = Table::new(["runtime", "took", "sum", "bytes echoed"]);
    fn one<R: Runtime>(table: &mut Table) {
        let started = Instant::now();
        let outcome = R::block_on(runtimes::program::<R>(1000, 50, 20));
        table.row([
            R::NAME.to_string(),
            millis(started.elapsed()),
            outcome.sum.to_string(),
            outcome.echoed.to_string(),
        ]);
    }
    one::<Ours>(&mut table);
    one::<TokioCurrentThread>(&mut table);
    one::<TokioMultiThread>(&mut table);
    one::<Smol>(&mut table);
    one::<AsyncStd>(&mut table);
    present::show(&indent(&table.to_string()));
    println!();
    println!(
        "    The same source, five loops. (async-std is deprecated upstream in favour of smol.)"
    );
    println!("    Measure them against each other: `cargo run --release -p lesson-05 -- bench`.");
    println!();
}

/// Starts a part: its title and what it does, or with `--present` a screen of its own
/// (the part's number large, the title, what the room should watch for) and a pause.
fn header(title: &str, what: &str, watch: &str) {
    // The presenter's screen numbers the parts itself (a single part is its part 1), so
    // the title goes without the story's "3. ".
    let bare = title.split_once(". ").map_or(title, |(_, rest)| rest);
    if present::part(bare, watch) {
        return;
    }
    println!("{title}");
    println!("    ({what})");
    println!();
}

/// Every line of `text` indented by four spaces, as the story prints its blocks.
fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

/// Prints the diary, indented (paced, line by line, with `--present`).
fn tell(entries: &[Entry], names: &Names, limit: usize) {
    let diary: String = narrate(entries, names, limit)
        .iter()
        .map(|line| format!("    {line}\n"))
        .collect();
    present::show(&diary);
    println!();
}

fn count(entries: &[Entry], what: impl Fn(&Step) -> bool) -> usize {
    entries.iter().filter(|e| what(&e.step)).count()
}

/// Prints the timeline of a trace; writes it as an SVG if asked.
fn draw(run: &Run, entries: &[Entry], names: &Names, picture: &str, title: &str, rows: Rows) {
    // By thread, a task's wait belongs to no thread: show only who ran where.
    let tl = timeline(entries, names, rows == Rows::Task);
    present::show(&indent(&tl.render_text(rows, 56)));
    if let Some(dir) = &run.svg {
        let path = dir.join(format!("{picture}.svg"));
        match tl.write_svg(&path, rows, title) {
            Ok(()) => println!("    wrote {}", path.display()),
            Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
        }
    }
    println!();
}
