//! Lesson 03: a process pool, and one executor interface over processes and threads.
//!
//! Python gets around the GIL with processes: `multiprocessing` and
//! `concurrent.futures.ProcessPoolExecutor` send each job to a worker process by value
//! (pickled) and get the result back the same way. This demo builds that pool in Rust on
//! `std::process`: the program starts copies of itself in a hidden `worker` mode, and
//! jobs and replies travel over their pipes, framed and encoded with postcard.
//!
//! Parts (`cargo run -p lesson-03 -- --help`; with `--present`, each waits for Enter, for
//! giving the talk):
//!
//! 1. `pool`: 8 CPU-bound jobs on 2 worker processes; `map` gives results in input
//!    order, `as_completed` in the order they finish. The timeline has a row per process.
//! 2. `faults`: a worker killed with `kill -9` mid-job, a job that panics, one that
//!    aborts, one past its deadline: each is retried or reported, and no job is lost.
//! 3. `executors`: the same jobs on the process pool, a thread pool on crossbeam
//!    channels and rayon, through one `Executor` trait; one line picks which.
//! 4. `bench` (`cargo run --release -p lesson-03 -- bench`): speed-up over sequential,
//!    each executor's cost per job, the cost of sending a megabyte, and chunking.
//!
//! What to look for: the pids. Every job of the pool runs in a worker process, never in
//! the parent, and always in one of the same few workers; a crash costs one worker, which
//! is replaced, not the pool.

mod bench;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{Table, secs, speedup, time};
use kit::present::{self, PresentArgs};
use kit::timeline::{Rows, Timeline};

use lesson_03::executor::{Executor, JobResult, Rayon, Sequential, ThreadPool, as_completed};
use lesson_03::job::{Job, Output};
use lesson_03::pool::{PoolConfig, ProcessPool};
use lesson_03::worker::{self, WorkerCommand};

#[derive(Debug, Parser)]
#[command(
    name = "lesson-03",
    about = "A process pool, and one executor interface over processes and threads",
    after_help = "With no command, runs pool, faults and executors in order (about 10 s)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// Also write the timelines as SVG pictures into this folder
    /// (the book's are made with `--svg book/src/img/03`).
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Copy, clap::Args)]
struct Sizes {
    /// Worker processes (and threads, for the thread executors).
    #[arg(long, global = true, default_value_t = 2, value_parser = in_range(1usize, 64))]
    workers: usize,
    /// CPU-bound jobs to run.
    #[arg(long, global = true, default_value_t = 8, value_parser = in_range(1usize, 256))]
    jobs: usize,
    /// About how long one job computes on this machine, in milliseconds.
    #[arg(long, global = true, default_value_t = 150, value_parser = in_range(1u64, 5_000))]
    job_ms: u64,
}

#[derive(Debug, Subcommand)]
enum Part {
    /// A pool of worker processes: map (input order) and as_completed (completion order).
    Pool,
    /// Crashes, kills and deadlines: what a process pool survives.
    Faults,
    /// The same jobs on processes, threads and rayon, through one trait.
    Executors,
    /// Speed-up, per-job overhead, cost per MB sent, chunking.
    Bench(bench::BenchArgs),
    /// Run as a worker: jobs on stdin, replies on stdout (the pool starts these).
    #[command(hide = true)]
    Worker,
}

/// The longest the story may compute one job after another, before refusing the sizes.
const MAX_SEQUENTIAL: Duration = Duration::from_secs(60);

fn main() {
    let cli: Cli = parse_or_exit();
    if let Some(Part::Worker) = cli.part {
        // A worker's failures go to its stderr, which its pool reads to say why it died.
        if let Err(err) = worker::serve() {
            eprintln!("worker: {err}");
            std::process::exit(1);
        }
        return;
    }
    let sizes = cli.sizes;
    let sequential = Duration::from_millis(sizes.job_ms).saturating_mul(sizes.jobs as u32);
    if sequential > MAX_SEQUENTIAL {
        usage_error(format!(
            "{} jobs of {} ms would compute for {} one after another (limit {}): lower --jobs or --job-ms",
            sizes.jobs,
            sizes.job_ms,
            secs(sequential),
            secs(MAX_SEQUENTIAL)
        ));
    }
    if let Some(Part::Bench(args)) = &cli.part {
        if cli.svg.is_some() {
            usage_error("bench draws no timelines: drop --svg");
        }
        if cli.present.present {
            usage_error("bench has no parts to present: drop --present");
        }
        bench::run(args, sizes.workers);
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
    let command = match WorkerCommand::this_program() {
        Ok(command) => command,
        Err(err) => usage_error(format!("cannot find this program to start workers: {err}")),
    };
    let demo = Demo {
        sizes,
        command,
        svg: cli.svg,
    };
    match cli.part {
        None => {
            demo.pool();
            demo.faults();
            demo.executors();
        }
        Some(Part::Pool) => demo.pool(),
        Some(Part::Faults) => demo.faults(),
        Some(Part::Executors) => demo.executors(),
        Some(Part::Bench(_) | Part::Worker) => unreachable!("handled above"),
    }
    present::end();
}

/// A part's title; with `--present`, a pause and a banner that also says what the room
/// should watch for.
fn header(title: &str, watch: &str) {
    if !present::part(title, watch) {
        println!("{title}");
    }
}

/// Every line of `text` indented by four spaces, like the narration.
fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

struct Demo {
    sizes: Sizes,
    command: WorkerCommand,
    svg: Option<PathBuf>,
}

impl Demo {
    fn config(&self, timeline: Option<&Timeline>) -> PoolConfig {
        let mut config = PoolConfig::new(self.sizes.workers, self.command.clone());
        config.timeline = timeline.cloned();
        config
    }

    /// CPU-bound jobs of about `--job-ms` each; every other one a little shorter, so
    /// that the order they finish in differs from the order they were given in.
    fn cpu_jobs(&self) -> Vec<Job> {
        let size = kit::work::calibrate(Duration::from_millis(self.sizes.job_ms));
        (0..self.sizes.jobs)
            .map(|i| Job::CountPrimes {
                below: if i % 2 == 0 { size } else { size * 3 / 5 },
            })
            .collect()
    }

    fn pool(&self) {
        header(
            &format!("1. A pool of {} worker processes", self.sizes.workers),
            "the pids: every job runs in one of the same few workers, never in the parent",
        );
        println!(
            "    (each worker is this program again, started with a hidden `worker` argument)"
        );
        let jobs = self.cpu_jobs();
        let timeline = Timeline::new();
        let pool = start(self.config(Some(&timeline)));
        println!(
            "    parent pid {}, worker pids {:?}",
            std::process::id(),
            pool.worker_pids()
        );
        let (results, took) = time(|| pool.map(jobs.clone()));
        println!(
            "    map: {} jobs in {}; results in input order:",
            jobs.len(),
            secs(took)
        );
        for (i, result) in results.iter().enumerate() {
            println!("      job {}: {}", i + 1, show(result));
        }
        let handles: Vec<_> = jobs.into_iter().map(|job| pool.submit(job)).collect();
        let order: Vec<String> = as_completed(handles)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        println!(
            "    as_completed, the same jobs again, in the order they finished: {}",
            order.join(" ")
        );
        let stats = pool.shutdown();
        println!(
            "    {} worker processes ran {} jobs: none ran in the parent",
            stats.pids.len(),
            self.sizes.jobs * 2
        );
        self.draw(
            &timeline,
            "03-pool",
            "A process pool: one row per worker process (pid)",
        );
    }

    fn faults(&self) {
        header(
            "2. Faults: what a pool of processes survives",
            "a worker killed mid-job is replaced and its job retried: every job gets one answer",
        );
        let mut config = self.config(None);
        config.max_tries = 2;
        config.deadline = Some(Duration::from_millis(800));
        let pool = start(config);
        let before = pool.worker_pids();
        // Two slow jobs start at once, one on each worker; we kill the first worker mid-job.
        let slow: Vec<_> = (0..self.sizes.workers)
            .map(|_| pool.submit(Job::Sleep { ms: 400 }))
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        let victim = before[0];
        let killed = Command::new("kill")
            .args(["-KILL", &victim.to_string()])
            .status()
            .is_ok_and(|s| s.success());
        println!(
            "    sent kill -9 to worker {victim} in the middle of a job ({})",
            if killed { "done" } else { "could not" }
        );
        let mut table = Table::new(["job", "result"]);
        table.align(1, kit::measure::Align::Left);
        for (i, handle) in slow.into_iter().enumerate() {
            table.row([format!("sleep 400 ms #{}", i + 1), show(&handle.wait())]);
        }
        let named = [
            ("panic", Job::Panic),
            ("abort", Job::Abort),
            ("sleep 5 s, deadline 0.8 s", Job::Sleep { ms: 5_000 }),
            ("count primes", Job::CountPrimes { below: 20_000 }),
            ("count primes", Job::CountPrimes { below: 30_000 }),
        ];
        let handles: Vec<_> = named
            .iter()
            .map(|(name, job)| (name, pool.submit(job.clone())))
            .collect();
        for (name, handle) in handles {
            table.row([name.to_string(), show(&handle.wait())]);
        }
        present::show(&indent(&table.to_string()));
        let stats = pool.shutdown();
        println!(
            "    the pool started {} processes in all ({} at first, then replacements) and retried {} job(s);",
            stats.started, self.sizes.workers, stats.retried
        );
        println!("    every job got exactly one answer, and the pool kept serving");
        println!();
    }

    fn executors(&self) {
        header(
            "3. One interface, three executors (and the sequential baseline)",
            "threads and rayon as fast as processes (no GIL): processes buy isolation, not speed",
        );
        println!("    (the same jobs; the only line that changes builds the executor)");
        let jobs = self.cpu_jobs();
        let n = self.sizes.workers;
        let mut table = Table::new(["executor", "time", "speed-up", "pids"]);
        let mut base = None;
        for which in ["sequential", "processes", "threads", "rayon"] {
            let timeline = Timeline::new();
            // ANCHOR: one_line
            let executor: Box<dyn Executor> = match which {
                "processes" => Box::new(start(self.config(Some(&timeline)))),
                "threads" => Box::new(ThreadPool::new(n, Some(timeline.clone()))),
                "rayon" => Box::new(Rayon::new(n, Some(timeline.clone())).expect("rayon starts")),
                _ => Box::new(Sequential),
            };
            // ANCHOR_END: one_line
            let (_, took) = time(|| executor.map(jobs.clone()));
            // Where the jobs ran, from the timeline's spans (the sequential run has none).
            let mut pids: std::collections::BTreeSet<u32> =
                timeline.spans().iter().map(|s| s.thread.pid).collect();
            if pids.is_empty() {
                pids.insert(std::process::id());
            }
            let base = *base.get_or_insert(took);
            table.row([
                executor.name(),
                secs(took),
                speedup(base, took),
                format!("{pids:?}"),
            ]);
            drop(executor);
            if which != "sequential" {
                self.draw(
                    &timeline,
                    &format!("03-{which}"),
                    &format!("The same jobs on {which}"),
                );
            }
        }
        present::show(&indent(&table.to_string()));
        println!(
            "    parent pid {}: the thread executors run jobs here; the pool never does",
            std::process::id()
        );
        println!("    In Rust, threads already run CPU-bound work in parallel (no GIL): processes");
        println!("    buy isolation (a crash, a kill, a deadline), not speed.");
        println!();
    }

    fn draw(&self, timeline: &Timeline, picture: &str, title: &str) {
        present::show(&format!(
            "\n{}",
            indent(&timeline.render_text(Rows::Thread, 56))
        ));
        if let Some(dir) = &self.svg {
            let path = dir.join(format!("{picture}.svg"));
            match timeline.write_svg(&path, Rows::Thread, title) {
                Ok(()) => println!("    wrote {}", path.display()),
                Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
            }
        }
        println!();
    }
}

/// Starts a pool or ends the demo with one line saying why it could not.
fn start(config: PoolConfig) -> ProcessPool {
    ProcessPool::start(config).unwrap_or_else(|err| {
        eprintln!("error: cannot start worker processes: {err}");
        std::process::exit(1)
    })
}

fn show(result: &JobResult) -> String {
    match result {
        Ok(Output::Count(n)) => format!("{n} primes"),
        Ok(Output::Sum(n)) => format!("sum {n}"),
        Ok(Output::Done) => "done".to_string(),
        Ok(Output::Ran { pid, .. }) => format!("ran in pid {pid}"),
        Ok(Output::Batch(outputs)) => format!("{} outputs", outputs.len()),
        Err(err) => err.to_string(),
    }
}
