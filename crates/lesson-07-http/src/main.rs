//! Lesson 07: the same HTTP requests sequentially, in parallel, and concurrently.
//!
//! The demo starts the course's delay server on 127.0.0.1 (on a thread and runtime of
//! its own) and fetches `/delay/100` twenty times, in each of these ways:
//!
//! 1. `sequential`: one after another with `reqwest::blocking`: twenty waits in a row;
//! 2. `threads`: a thread per request: all twenty at once, twenty threads;
//! 3. `pool`: a bounded pool of four threads: five waves;
//! 4. `tokio`: one future per request on tokio: all twenty at once, a couple of threads;
//! 5. `bounded`: the same, at most `--limit` at once (`buffer_unordered`);
//! 6. `smol`: a hand-written HTTP/1.1 GET over smol's `TcpStream`, shown on the wire;
//! 7. `faults`: timeouts, bounded retries with back-off, every request accounted for;
//! 8. `keepalive`: a pooled client against a new connection per request;
//! 9. `files`: bodies saved with `tokio::fs`, and the threads that really did the writes.
//!
//! Each run prints a row: wall time, requests per second, the peak number of requests in
//! flight (the server's own high-water mark from `/stats`), the process's peak thread
//! count, and its peak memory (VmHWM from `/proc/self/status`).
//!
//! Run it with `cargo run -p lesson-07` (everything, about 5 s), pick a part
//! (`cargo run -p lesson-07 -- bounded --limit 5`), point it at another server
//! (`--url http://127.0.0.1:8000/`), or measure the goals:
//! `cargo run --release -p lesson-07 -- bench`.
//!
//! Giving the talk? `--present` (on the story or one part) pauses before each part until
//! Enter, shows its number large and what to watch for, and paces the timelines and tables.
//!
//! What to look for: the peak in flight column. Sequential is 1, the unbounded runs are
//! the request count, the bounded ones their limit; the wall time follows it.

mod bench;
mod extras;
mod faults;
mod measure;
mod runs;
mod target;
mod wire;

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{Align, Table};
use kit::present::{self, PresentArgs};
use kit::timeline::{Rows, Timeline};

use crate::measure::{Gauge, Outcome, Report, measure};
use crate::runs::Job;
use crate::target::Target;

#[derive(Debug, Parser)]
#[command(
    name = "lesson-07",
    about = "The same HTTP requests sequentially, on threads, on a pool, and concurrently",
    after_help = "With no command, runs every part in order (about 5 s with the defaults)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    /// Fetch this URL instead of starting the delay server (http only). Peak in flight
    /// then comes from the client's own count unless the server has a /stats like ours.
    #[arg(long, global = true, value_name = "URL")]
    url: Option<String>,
    /// How many requests each run makes.
    #[arg(long, global = true, default_value_t = 20, value_parser = in_range(1usize, 2000))]
    count: usize,
    /// How long the delay server waits before each answer, in milliseconds.
    #[arg(long, global = true, default_value_t = 100, value_parser = in_range(0u64, 10_000))]
    delay_ms: u64,
    /// The bound for `bounded` and `faults`: requests in flight at most.
    #[arg(long, global = true, default_value_t = 5, value_parser = in_range(1usize, 1000))]
    limit: usize,
    /// Threads in the `pool` run.
    #[arg(long, global = true, default_value_t = 4, value_parser = in_range(1usize, 256))]
    workers: usize,
    /// Each request's timeout, in milliseconds.
    #[arg(long, global = true, default_value_t = 2000, value_parser = in_range(10u64, 60_000))]
    timeout_ms: u64,
    /// Each run's overall deadline, in milliseconds: what is not done by then is reported.
    #[arg(long, global = true, default_value_t = 20_000, value_parser = in_range(10u64, 600_000))]
    overall_ms: u64,
    /// Also write the timelines as SVG pictures into this folder
    /// (the book's are made with `--svg book/src/img/07`).
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Subcommand)]
enum Part {
    /// One after another with a blocking client.
    Sequential,
    /// A thread per request.
    Threads,
    /// A bounded pool of --workers threads.
    Pool,
    /// tokio + reqwest, all requests at once.
    Tokio,
    /// tokio + reqwest, at most --limit at once.
    Bounded,
    /// A hand-written HTTP/1.1 GET over smol's TcpStream, then --count of them at once.
    Smol,
    /// Faults from the delay server: timeouts, retries with back-off, accounting.
    Faults,
    /// Keep-alive (a pooled client) against a new connection per request.
    Keepalive,
    /// Bodies saved with tokio::fs, and where that work runs.
    Files,
    /// The goals: 200 × 100 ms at 100 at once, 1,000 all at once (use --release).
    Bench(bench::BenchArgs),
}

/// Timelines are drawn in the terminal for up to this many requests (one row each).
const MAX_CHART_ROWS: usize = 24;

struct Ctx {
    cli: Cli,
    target: Target,
    runtime: tokio::runtime::Runtime,
    reports: Vec<Report>,
    /// What the demo says before its first part (the target), printed when that part
    /// begins: with `--present`, after the part's screen, which would clear it away.
    intro: Cell<Option<String>>,
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
        if cli.url.is_some() || cli.svg.is_some() {
            usage_error("bench starts its own server and draws no timelines: drop --url and --svg");
        }
        if let Err(err) = bench::run(args) {
            eprintln!("error: {err:#}");
            std::process::exit(1);
        }
        return;
    }
    let timeout = Duration::from_millis(cli.timeout_ms);
    let target = match &cli.url {
        Some(raw) => Target::theirs(raw, timeout).unwrap_or_else(|e| usage_error(e)),
        None => Target::ours(cli.delay_ms).unwrap_or_else(|e| {
            eprintln!("error: cannot start the delay server: {e:#}");
            std::process::exit(1)
        }),
    };
    if let Some(dir) = &cli.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| {
        eprintln!("error: cannot start tokio: {e}");
        std::process::exit(1)
    });
    let intro = format!(
        "target: {}{}\n",
        target.url,
        match (&target.ours, target.has_stats) {
            (Some(_), _) => " (the delay server, started here on its own thread)",
            (None, true) => " (a server with /stats: peak in flight is the server's count)",
            (None, false) => " (no /stats there: peak in flight is the client's own count)",
        }
    );
    present::init(&cli.present);
    let mut ctx = Ctx {
        cli,
        target,
        runtime,
        reports: Vec::new(),
        intro: Cell::new(Some(intro)),
    };
    match ctx.cli.part.clone() {
        None => {
            for part in [
                Part::Sequential,
                Part::Threads,
                Part::Pool,
                Part::Tokio,
                Part::Bounded,
                Part::Smol,
            ] {
                one(&mut ctx, &part);
            }
            summary(&ctx, true);
            faults_part(&ctx);
            keepalive_part(&ctx);
            files_part(&ctx);
        }
        Some(part @ (Part::Faults | Part::Keepalive | Part::Files)) => match part {
            Part::Faults => faults_part(&ctx),
            Part::Keepalive => keepalive_part(&ctx),
            _ => files_part(&ctx),
        },
        Some(part) => {
            one(&mut ctx, &part);
            summary(&ctx, false);
        }
    }
    present::end();
}

/// Starts a part: its `header`, or with `--present` a screen of its own (the part's
/// number large, `title`, what the room should `watch` for) and a pause until Enter.
/// The first part also prints the demo's intro.
fn begin(ctx: &Ctx, title: &str, watch: &str, header: &str) {
    let presented = present::part(title, watch);
    if let Some(intro) = ctx.intro.take() {
        print!("{intro}");
    }
    if !presented {
        println!("{header}");
    }
}

/// Runs one of the six request runs, prints its row and timeline.
fn one(ctx: &mut Ctx, part: &Part) {
    let cli = &ctx.cli;
    let gauge = Gauge::default();
    let timeline = Timeline::new();
    let job = Job {
        url: &ctx.target.url,
        n: cli.count,
        timeout: Duration::from_millis(cli.timeout_ms),
        overall: Duration::from_millis(cli.overall_ms),
        gauge: &gauge,
        timeline: &timeline,
    };
    let watch = match part {
        Part::Sequential => {
            "one request at a time: peak in flight 1, and the wall time is every wait added up"
                .to_string()
        }
        Part::Threads => format!(
            "all {} requests in flight at once, one OS thread each: the time of one wait, and \
             the thread count climbs with the requests",
            cli.count
        ),
        Part::Pool => format!(
            "at most {} requests in flight: they go in waves, and the peak in flight is the \
             pool's size",
            cli.workers
        ),
        Part::Tokio => format!(
            "all {} requests in flight at once on a couple of threads: the time of one wait, \
             without a thread per request",
            cli.count
        ),
        Part::Bounded => format!(
            "never more than {} in flight: a new request starts the moment one finishes",
            cli.limit
        ),
        _ => "the request's bytes on the wire, then the answer's: HTTP/1.1 is text on a TCP \
              stream; then the same GET, all at once"
            .to_string(),
    };
    let (name, story, rows) = match part {
        Part::Sequential => (
            "sequential".to_string(),
            "reqwest::blocking, one request after another on the main thread",
            Rows::Task,
        ),
        Part::Threads => (
            "thread per request".to_string(),
            "std::thread::scope, one thread per request, each blocking on its answer",
            Rows::Thread,
        ),
        Part::Pool => (
            format!("pool of {}", cli.workers),
            "a fixed number of threads, each taking the next request number",
            Rows::Thread,
        ),
        Part::Tokio => (
            "tokio, unbounded".to_string(),
            "one future per request, join_all: every request in flight at once",
            Rows::Task,
        ),
        Part::Bounded => (
            format!("tokio, {} at once", cli.limit),
            "buffer_unordered(limit): a new request starts when one finishes",
            Rows::Task,
        ),
        Part::Smol => {
            let request = wire::request_text(&ctx.target.url);
            begin(
                ctx,
                "smol: an HTTP/1.1 GET by hand",
                &watch,
                "\n== smol: an HTTP/1.1 GET by hand ==",
            );
            println!(
                "on the wire, the request is these bytes ({} of them):",
                request.len()
            );
            for line in request.split("\r\n") {
                println!("  > {line}");
            }
            let answer = smol::block_on(wire::get(&ctx.target.url, job.timeout));
            match &answer {
                Ok(text) => {
                    for line in text.lines().take(8) {
                        println!("  < {line}");
                    }
                }
                Err(e) => println!("  no answer: {e}"),
            }
            (
                "smol, by hand".to_string(),
                "the same GET, all at once on smol, a new connection each",
                Rows::Task,
            )
        }
        _ => unreachable!("only the request runs come here"),
    };
    if matches!(part, Part::Smol) {
        // The second half of the smol part: its own header, under the part's screen.
        println!("\n== {name}: {story} ==");
    } else {
        begin(
            ctx,
            &format!("{name}: {story}"),
            &watch,
            &format!("\n== {name}: {story} =="),
        );
    }
    let report = {
        let runtime = &ctx.runtime;
        measure(&ctx.target, &name, &gauge, || match part {
            Part::Sequential => runs::sequential(&job),
            Part::Threads => runs::thread_per_request(&job),
            Part::Pool => runs::pool(&job, cli.workers),
            Part::Tokio => runs::tokio_unbounded(&job, runtime),
            Part::Bounded => runs::tokio_bounded(&job, runtime, cli.limit),
            _ => wire::smol_concurrent(job.url, job.n, job.timeout, &gauge),
        })
    };
    let failed: Vec<String> = report
        .outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| **o != Outcome::Ok)
        .map(|(i, o)| format!("#{i} {}", o.reason()))
        .collect();
    println!(
        "{} requests in {:.3} s, peak in flight {}, {} threads at most",
        report.outcomes.len(),
        report.wall.as_secs_f64(),
        report.peak_in_flight(),
        report.threads
    );
    if !failed.is_empty() {
        println!("failed: {}", failed.join(", "));
    }
    if !timeline.spans().is_empty() && cli.count <= MAX_CHART_ROWS {
        // Paced, line by line, with `--present`.
        present::show(&timeline.render_text(rows, 60));
    }
    if let Some(dir) = &cli.svg
        && !timeline.spans().is_empty()
    {
        let file = dir.join(format!("{}.svg", slug(&name)));
        if let Err(e) = timeline.write_svg(&file, rows, &format!("lesson 07: {name}")) {
            eprintln!("warning: cannot write {}: {e}", file.display());
        }
    }
    ctx.reports.push(report);
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The table of every run so far; `own_part` when it is a part of its own in the story
/// (after the six runs), rather than the end of a single run's part.
fn summary(ctx: &Ctx, own_part: bool) {
    if ctx.reports.is_empty() {
        return;
    }
    let mut table = Table::new(Report::HEADER);
    for column in 1..Report::HEADER.len() {
        table.align(column, Align::Right);
    }
    for report in &ctx.reports {
        table.row(report.row());
    }
    let header = format!(
        "\n== {} requests of {}, each run ==",
        ctx.cli.count, ctx.target.url
    );
    if own_part {
        begin(
            ctx,
            &format!("The six runs side by side: {} requests each", ctx.cli.count),
            "peak in flight: 1, all, the pool's size, all, the limit, all; the wall time follows it",
            &header,
        );
    } else {
        println!("{header}");
    }
    present::show(&format!("{}\n", table.markdown()));
    if ctx.reports.iter().any(|r| !r.memory_reset) {
        println!("(peak MiB is the process's peak so far: this system refused to reset it)");
    }
    println!(
        "threads: the process's peak thread count, sampled every ms (the server's thread \
         included when it runs here). Peak in flight follows the design: 1, all, the pool \
         size, all, the limit; the wall time follows the peak"
    );
}

fn faults_part(ctx: &Ctx) {
    begin(
        ctx,
        "faults: timeouts, bounded retries with back-off, every request accounted for",
        "every url ends exactly once, with its reason: at most 3 attempts each, stalls cut \
         by the timeout, and a 400 not retried at all",
        "\n== faults: timeouts, bounded retries with back-off, every request accounted for ==",
    );
    if ctx.target.ours.is_none() && !ctx.target.has_stats {
        println!("skipped: the faults come from the delay server's fault injection (drop --url)");
        return;
    }
    // 40 requests that fail one in four times, three that always lose their connection,
    // two that never answer: what the server does is set by each url's query.
    let delay = ctx.cli.delay_ms.min(200);
    let mut urls: Vec<String> = (0..40)
        .map(|_| ctx.target.at(&format!("/delay/{delay}?fail=0.25")))
        .collect();
    urls.extend((0..3).map(|_| ctx.target.at(&format!("/delay/{delay}?drop=1"))));
    urls.extend((0..2).map(|_| ctx.target.at(&format!("/delay/{delay}?stall=1"))));
    urls.push(ctx.target.at("/delay/not-a-number"));
    let policy = faults::Policy {
        max_attempts: 3,
        first_backoff: Duration::from_millis(20),
        timeout: Duration::from_millis(ctx.cli.timeout_ms.min(500)),
        overall: Duration::from_millis(ctx.cli.overall_ms),
        limit: ctx.cli.limit.max(10),
        sent: AtomicU64::new(0),
    };
    ctx.target.reset_stats();
    let (fates, wall) = ctx.runtime.block_on(faults::run(&urls, &policy));
    let mut by_reason = std::collections::BTreeMap::<String, (usize, u32)>::new();
    for fate in &fates {
        let entry = by_reason.entry(fate.outcome.reason()).or_default();
        entry.0 += 1;
        entry.1 += fate.attempts;
    }
    println!(
        "{} urls in {:.3} s, per-request timeout {:?}, at most {} attempts, back-off from {:?}",
        urls.len(),
        wall.as_secs_f64(),
        policy.timeout,
        policy.max_attempts,
        policy.first_backoff
    );
    let mut table = Table::new(["ended", "urls", "attempts"]);
    table.align(1, Align::Right).align(2, Align::Right);
    for (reason, (n, attempts)) in &by_reason {
        table.row([reason.clone(), n.to_string(), attempts.to_string()]);
    }
    present::show(&format!("{}\n", table.markdown()));
    let sent = policy.sent.load(SeqCst);
    let accounted: usize = by_reason.values().map(|(n, _)| n).sum();
    println!(
        "accounted for: {accounted} of {} urls, each exactly once (one slot per url)",
        urls.len()
    );
    if let Some(stats) = ctx.target.stats() {
        println!(
            "the client sent {sent} requests; the server counted {} (with {} answered 500, \
             {} dropped, {} stalled, {} rejected as bad requests: the 400 was not retried)",
            stats.routes.delay, stats.failed, stats.dropped, stats.stalled, stats.rejected
        );
    }
}

fn keepalive_part(ctx: &Ctx) {
    begin(
        ctx,
        "keep-alive: one pooled connection, or a new connection per request",
        "the time per request: a pooled connection is reused, a new one costs a TCP \
         handshake every time",
        "\n== keep-alive: one pooled connection, or a new connection per request ==",
    );
    let url = match &ctx.target.ours {
        Some(server) => reqwest::Url::parse(&server.url("/bytes/16")).expect("our own url"),
        None => ctx.target.url.clone(),
    };
    let n = 200;
    let timeout = Duration::from_millis(ctx.cli.timeout_ms);
    let rows = ctx.runtime.block_on(extras::keep_alive(&url, n, timeout));
    let mut table = Table::new(["client", "per request", "ok"]);
    table.align(1, Align::Right).align(2, Align::Right);
    for (name, per, ok) in &rows {
        table.row([
            name.clone(),
            format!("{:.0} µs", per.as_secs_f64() * 1e6),
            format!("{ok}/{n}"),
        ]);
    }
    println!("{n} requests to {url}, one after another");
    present::show(&format!("{}\n", table.markdown()));
    println!(
        "a new connection costs a TCP handshake (and, over the internet, often a TLS one) \
         per request; reqwest's pool keeps idle connections and reuses them"
    );
}

fn files_part(ctx: &Ctx) {
    begin(
        ctx,
        "files: tokio::fs on a one-thread runtime, and the threads that did the writes",
        "the 'tokio-blocking' threads: tokio::fs hands each write to tokio's blocking pool, \
         off the runtime's one thread",
        "\n== files: tokio::fs on a one-thread runtime, and the threads that did the writes ==",
    );
    let timeout = Duration::from_millis(ctx.cli.timeout_ms);
    match extras::save_bodies(&ctx.target.url, ctx.cli.count, timeout) {
        Ok(report) => {
            println!(
                "saved {} bodies in {:.3} s on a current-thread runtime (its tasks all run \
                 on this one thread)",
                report.saved,
                report.wall.as_secs_f64()
            );
            println!(
                "threads in the process: {} before, {} after; {} of them named \
                 'tokio-blocking': tokio's blocking pool, where tokio::fs ran each write",
                report.threads_before, report.threads_after, report.blocking_threads
            );
        }
        Err(e) => println!("could not save the bodies: {e:#}"),
    }
}
