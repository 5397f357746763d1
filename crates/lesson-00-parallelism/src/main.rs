//! `cargo run -p lesson-00`: concurrency vs parallelism, measured and drawn.
//!
//! See the library docs (`src/lib.rs`) for what to look for; `--help` for the options.
//! For giving the talk, `--present` makes each approach a part that waits for Enter.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure;
use kit::present::{self, PresentArgs};
use kit::timeline::Rows;
use lesson_00::approach::{self, Approach, Outcome, Sizes, Workload};
use lesson_00::io::IoTask;
use lesson_00::report::{self, Machine, count};

/// Concurrency vs parallelism: the same CPU-bound and IO-bound tasks run sequentially,
/// on OS threads, as async tasks on one thread, and on rayon's pool; timed and drawn.
#[derive(Debug, Parser)]
#[command(name = "lesson-00")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    options: Options,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Both workloads, every approach, with timelines (the default)
    All,
    /// Only the CPU-bound workload (count primes)
    Cpu,
    /// Only the IO-bound workload (simulated waits)
    Io,
    /// Repeated runs of every approach: median, min and max (the book's numbers)
    Bench {
        /// Runs of each approach
        #[arg(long, default_value_t = 5, value_parser = in_range(1usize, 50))]
        runs: usize,
        /// Only this workload
        #[arg(long, value_enum)]
        only: Option<WorkloadArg>,
        /// Also print the table as Markdown (for the book)
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum WorkloadArg {
    Cpu,
    Io,
}

#[derive(Debug, Args)]
struct Options {
    /// Tasks per workload
    #[arg(long, global = true, default_value_t = 4, value_parser = in_range(1usize, 64))]
    tasks: usize,
    /// Target time of one CPU task in ms (the size is calibrated on this machine)
    #[arg(long, global = true, default_value_t = 200, value_parser = in_range(1u64, 5_000))]
    cpu_ms: u64,
    /// Count the primes below N in each CPU task (instead of calibrating --cpu-ms)
    #[arg(long, global = true, value_name = "N", value_parser = in_range(100u64, 50_000_000))]
    size: Option<u64>,
    /// The simulated wait of one IO task, in ms
    #[arg(long, global = true, default_value_t = 200, value_parser = in_range(1u64, 10_000))]
    io_ms: u64,
    /// Width of the terminal timelines, in columns
    #[arg(long, global = true, default_value_t = 64, value_parser = in_range(20usize, 200))]
    width: usize,
    /// Also write every timeline as an SVG into DIR (the book's pictures)
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let cli: Cli = parse_or_exit();
    let machine = Machine::this();
    let command = cli.command.unwrap_or(Command::All);
    if cli.options.svg.is_some() && matches!(command, Command::Bench { .. }) {
        usage_error("--svg draws the demo's timelines; bench draws none (drop --svg)");
    }
    if cli.present.present && matches!(command, Command::Bench { .. }) {
        usage_error("--present paces the demo's parts; bench has none (drop --present)");
    }
    present::init(&cli.present);
    let workloads = match command {
        Command::Cpu
        | Command::Bench {
            only: Some(WorkloadArg::Cpu),
            ..
        } => vec![Workload::Cpu],
        Command::Io
        | Command::Bench {
            only: Some(WorkloadArg::Io),
            ..
        } => vec![Workload::Io],
        Command::All | Command::Bench { only: None, .. } => vec![Workload::Cpu, Workload::Io],
    };
    let sizes = sizes(&cli.options, &workloads);

    println!("Lesson 00: concurrency vs parallelism\n");
    println!(
        "This machine has {} (std::thread::available_parallelism); rayon's pool has {}.",
        count(machine.cores, "core"),
        count(machine.pool, "thread")
    );
    println!(
        "Concurrency is making progress on several tasks together; parallelism is running them at the same instant."
    );
    match command {
        Command::Bench { runs, markdown, .. } => bench(&sizes, machine, runs, &workloads, markdown),
        Command::All | Command::Cpu | Command::Io => {
            demo(&cli.options, &sizes, machine, &workloads)
        }
    }
}

/// The workload sizes, calibrated to this machine (the CPU work unless `--size` is
/// given). Calibrating takes a few times its target, so only the workloads that run are
/// calibrated; the others keep a size of 0, which nothing reads.
fn sizes(options: &Options, workloads: &[Workload]) -> Sizes {
    let runs = |w: Workload| workloads.contains(&w);
    let io_wait = Duration::from_millis(options.io_ms);
    let cpu_size = match options.size {
        Some(size) => size,
        None if runs(Workload::Cpu) => kit::work::calibrate(Duration::from_millis(options.cpu_ms)),
        None => 0,
    };
    Sizes {
        tasks: options.tasks,
        cpu_size,
        io: IoTask {
            wait: io_wait,
            // The CPU part of an IO task is a sliver: 1/50 of its wait, before and after.
            cpu_size: if runs(Workload::Io) {
                kit::work::calibrate(io_wait / 50)
            } else {
                0
            },
        },
    }
}

fn demo(
    options: &Options,
    sizes: &Sizes,
    machine: Machine,
    workloads: &[Workload],
) -> anyhow::Result<()> {
    println!(
        "Each timeline has one row per thread: a letter is a task running, ▒ a thread blocked in a sleep, ░ a task suspended with its thread free."
    );
    println!(
        "A bar is wall-clock time, not CPU time: bars stacked on several rows ran at the same instant only as far as there were cores.\n"
    );
    let mut all = Vec::new();
    for &workload in workloads {
        // In presenter mode each approach is a part of its own, with this line under its
        // title (the screen is cleared before each part); otherwise one heading per workload.
        if !present::is_on() {
            println!("── {} ──", describe(workload, sizes));
        }
        let outcomes: Vec<Outcome> = Approach::ALL
            .iter()
            .map(|&a| {
                let title = format!("{}: {}", workload.label(), a.label());
                if present::part(&title, &watch_for(a, workload, sizes.tasks, machine)) {
                    println!("{}", describe(workload, sizes));
                }
                let o = approach::run(a, workload, sizes);
                let mut block = format!(
                    "\n{}: {}, {}\n",
                    a.label(),
                    a.how(),
                    measure::secs(o.elapsed)
                );
                block.push_str(&o.timeline.render_text(Rows::Thread, options.width));
                if present::is_on() {
                    block.push_str(LEGEND);
                }
                present::show(&block);
                o
            })
            .collect();
        check_answers(&outcomes)?;
        let mut summary = format!("\n{}", report::runs_table(&outcomes, sizes.tasks, machine));
        summary.push_str("\nWhat to notice:\n");
        for line in notice(workload, &outcomes, sizes.tasks, machine) {
            summary.push_str(&format!("  • {line}\n"));
        }
        summary.push('\n');
        present::show(&summary);
        all.extend(outcomes);
    }
    if let Some(dir) = &options.svg {
        let written = report::write_svgs(dir, &all, sizes.tasks, machine)?;
        println!("Wrote {} timelines to {}.", written.len(), dir.display());
    }
    println!(
        "Try: `cargo run --release -p lesson-00 -- bench` for medians, `--tasks 8`, `--io-ms 50`; then the exercises: `cargo course`"
    );
    present::end();
    Ok(())
}

/// The timelines' key, under each one in presenter mode, where the screen is cleared
/// before each part and the key printed at the start is gone.
const LEGEND: &str = "(a letter: a task running · ▒ a thread blocked in a sleep · ░ a task suspended, its thread free)\n";

/// What the room should look for while one approach runs (presenter mode).
fn watch_for(approach: Approach, workload: Workload, tasks: usize, machine: Machine) -> String {
    let cores = count(machine.cores, "core");
    match (workload, approach) {
        (Workload::Cpu, Approach::Sequential) => {
            "one row: the tasks one after another; this is the time to beat".to_string()
        }
        (Workload::Cpu, Approach::Threads) => format!(
            "a row per thread, {} at the same instant on {cores} (no GIL)",
            count(tasks.min(machine.cores), "bar")
        ),
        (Workload::Cpu, Approach::Async) => {
            "one row again: the tasks never wait, so they only take turns; no faster".to_string()
        }
        (Workload::Cpu, Approach::Rayon) => format!(
            "the pool's {} share the tasks out: parallel without a thread per task",
            count(machine.pool, "thread")
        ),
        (Workload::Io, Approach::Sequential) => {
            "each wait ▒ holds the only thread: the waits add up".to_string()
        }
        (Workload::Io, Approach::Threads) => {
            "every thread blocked ▒ at once: the waits overlap, one thread per wait".to_string()
        }
        (Workload::Io, Approach::Async) => {
            "one thread, the waits ░ overlap: concurrency without parallelism".to_string()
        }
        (Workload::Io, Approach::Rayon) => format!(
            "a CPU pool overlaps only as many waits as it has threads ({} here)",
            machine.pool
        ),
    }
}

fn describe(workload: Workload, sizes: &Sizes) -> String {
    match workload {
        Workload::Cpu => format!(
            "CPU-bound: {}, each counting the primes below {}",
            count(sizes.tasks, "task"),
            sizes.cpu_size
        ),
        Workload::Io => format!(
            "IO-bound: {}, each a {} ms wait between two slivers of CPU work",
            count(sizes.tasks, "task"),
            sizes.io.wait.as_millis()
        ),
    }
}

/// Every approach must compute the same answer; otherwise the comparison is meaningless.
fn check_answers(outcomes: &[Outcome]) -> anyhow::Result<()> {
    let Some(first) = outcomes.first() else {
        return Ok(());
    };
    if let Some(bad) = outcomes.iter().find(|o| o.answer != first.answer) {
        anyhow::bail!(
            "{} computed {} where {} computed {}",
            bad.approach.label(),
            bad.answer,
            first.approach.label(),
            first.answer
        );
    }
    Ok(())
}

/// The lines that say what the numbers mean, with the numbers in them.
fn notice(workload: Workload, outcomes: &[Outcome], tasks: usize, machine: Machine) -> Vec<String> {
    let time = |a: Approach| outcomes.iter().find(|o| o.approach == a).map(|o| o.elapsed);
    let Some(base) = time(Approach::Sequential) else {
        return Vec::new();
    };
    // "1.9× of an ideal 2.0×", with a warning when far below the ideal.
    let score = |a: Approach| {
        let ideal = approach::ideal_speedup(a, workload, tasks, machine.cores, machine.pool);
        let Some(t) = time(a) else {
            return format!("not run (ideal {ideal:.1}×)");
        };
        let measured = base.as_secs_f64() / t.as_secs_f64().max(1e-9);
        let mut line = format!("{measured:.1}× of an ideal {ideal:.1}×");
        if measured < 0.75 * ideal {
            line.push_str(" (well below: other programs were probably using the cores; `bench` takes medians)");
        }
        line
    };
    let (asy, thr, ray) = (Approach::Async, Approach::Threads, Approach::Rayon);
    // Each line says only what this run's sizes and this machine allow: with one task, or
    // one core, there is nothing to run at the same instant.
    let at_once = tasks.min(machine.cores);
    let pool_at_once = tasks.min(machine.pool).min(machine.cores);
    match workload {
        Workload::Cpu => vec![
            format!(
                "async on one thread: {}. The tasks never wait, so they can only take turns: async gives no speed-up for CPU work.",
                score(asy)
            ),
            if at_once > 1 {
                format!(
                    "OS threads: {}. {} on {}: {at_once} tasks computed at the same instant (the OS shared the cores out among the threads), because Rust has no GIL (Python threads stay near 1× here).",
                    score(thr),
                    count(tasks, "thread"),
                    count(machine.cores, "core")
                )
            } else {
                format!(
                    "OS threads: {}. {} and {}: nothing can compute at the same instant here. (Rust has no GIL: with more tasks and cores, threads run in parallel.)",
                    score(thr),
                    count(tasks, "task"),
                    count(machine.cores, "core")
                )
            },
            if pool_at_once > 1 {
                format!(
                    "rayon: {}. The same parallelism from a pool sized to the logical CPUs, without a thread per task.",
                    score(ray)
                )
            } else {
                format!(
                    "rayon: {}. Its pool has nothing to share out here either.",
                    score(ray)
                )
            },
        ],
        Workload::Io if tasks == 1 => vec![format!(
            "One task, one wait: nothing to overlap, so no approach can beat sequential (async {}, OS threads {}, rayon {}).",
            score(asy),
            score(thr),
            score(ray)
        )],
        Workload::Io => vec![
            format!(
                "async on one thread: {}. The waits overlapped on a single thread: concurrency without parallelism.",
                score(asy)
            ),
            format!(
                "OS threads: {}. The waits overlapped too, at the cost of one thread per wait.",
                score(thr)
            ),
            if machine.pool < tasks {
                format!(
                    "rayon: {}. A CPU pool overlaps only {} waits at a time: the wrong tool for IO.",
                    score(ray),
                    machine.pool
                )
            } else {
                format!(
                    "rayon: {}. Its {} cover these {tasks} waits, but a CPU pool overlaps only as many waits as it has threads: give it more waits and it falls behind.",
                    score(ray),
                    count(machine.pool, "thread")
                )
            },
        ],
    }
}

fn bench(
    sizes: &Sizes,
    machine: Machine,
    runs: usize,
    workloads: &[Workload],
    markdown: bool,
) -> anyhow::Result<()> {
    for &w in workloads {
        println!("{}", describe(w, sizes));
    }
    println!("Running every approach {runs} times (interleaved)…\n");
    let results = lesson_00::bench::run(workloads, sizes, runs);
    let table = report::bench_table(&results, sizes.tasks, machine);
    print!("{table}");
    if markdown {
        println!("\n{}", table.markdown());
    }
    Ok(())
}
