//! `lesson-09`: the shootout. See the library's docs (`src/lib.rs`) for the story.
//!
//! Giving the talk? `--present` makes each problem a part: a pause until Enter, the part's
//! number large, what to watch for in its table, and the table paced for reading.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use kit::cli::{in_range, usage_error};
use kit::present::{self, PresentArgs};
use lesson_09::approaches::{self, Approach};
use lesson_09::probe::{self, ThreadSampler};
use lesson_09::problems::{Job, Problem, Sizes, expected_checksum};
use lesson_09::procpool;
use lesson_09::report::{self, Results, Row};

/// The same three problems (CPU-bound, IO-bound, mixed), every approach of the course,
/// measured: time, speed-up, memory, threads.
#[derive(Debug, Parser)]
#[command(name = "lesson-09", version)]
struct Cli {
    #[command(subcommand)]
    internal: Option<Internal>,

    /// The benchmark's sizes (minutes: the sequential waits alone take 40 s) instead of the story's.
    #[arg(long)]
    full: bool,

    /// Only these problems (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    problem: Vec<Problem>,

    /// Only these approaches (comma-separated); sequential is always run, as the baseline.
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<Approach>,

    /// Jobs per problem, instead of the size's own counts.
    #[arg(long, value_name = "N", value_parser = in_range(1usize, 5_000))]
    jobs: Option<usize>,

    /// How long the server waits before each answer, in milliseconds.
    #[arg(long, value_name = "MS", value_parser = in_range(1u64, 10_000))]
    wait_ms: Option<u64>,

    /// How long one job computes, in milliseconds (calibrated on this machine).
    #[arg(long, value_name = "MS", value_parser = in_range(1u64, 1_000))]
    compute_ms: Option<u64>,

    /// Runs of each cell; the table shows the fastest (the one least disturbed by load).
    #[arg(long, default_value_t = 1, value_parser = in_range(1usize, 20))]
    runs: usize,

    /// Write one Markdown table (PROBLEM.md) and one SVG chart (PROBLEM.svg) per problem here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Use a delay server already running at this address instead of starting one.
    #[arg(long, value_name = "HOST:PORT")]
    server: Option<SocketAddr>,

    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Subcommand)]
enum Internal {
    /// Runs one approach on one problem and prints one result line (used by the shootout).
    #[command(hide = true)]
    Cell(CellArgs),
    /// A process-pool worker (used by the process-pool approach).
    #[command(hide = true)]
    Worker(JobArgs),
}

#[derive(Debug, Args)]
struct JobArgs {
    #[arg(long, value_enum)]
    problem: Problem,
    #[arg(long)]
    primes_below: u64,
    #[arg(long)]
    wait_ms: u64,
    #[arg(long)]
    server: SocketAddr,
}

impl JobArgs {
    fn job(&self) -> Job {
        Job {
            problem: self.problem,
            primes_below: self.primes_below,
            wait_ms: self.wait_ms,
            server: self.server,
        }
    }
}

#[derive(Debug, Args)]
struct CellArgs {
    #[command(flatten)]
    job: JobArgs,
    #[arg(long, value_enum)]
    approach: Approach,
    #[arg(long)]
    jobs: usize,
    #[arg(long)]
    cores: usize,
}

fn main() {
    let cli: Cli = kit::cli::parse_or_exit();
    if cli.present.present && cli.internal.is_some() {
        usage_error(
            "cell and worker are the shootout's own helpers, with no parts to present: \
             drop --present (run `lesson-09 --present` for the story)",
        );
    }
    present::init(&cli.present);
    let result = match &cli.internal {
        Some(Internal::Cell(cell)) => run_cell(cell),
        Some(Internal::Worker(args)) => procpool::serve(args.job()),
        None => shootout(&cli),
    };
    if let Err(err) = result {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

/// The child's side: run, then print `cell <nanos> <checksum> <peak KiB> <threads>`.
fn run_cell(cell: &CellArgs) -> anyhow::Result<()> {
    let sampler = ThreadSampler::start();
    let started = Instant::now();
    let checksum = approaches::run(cell.approach, cell.job.job(), cell.jobs, cell.cores)?;
    let took = started.elapsed();
    let mut threads = sampler.stop();
    let mut rss = probe::peak_rss_kib().unwrap_or(0);
    if cell.approach == Approach::ProcessPool {
        // The workers are processes of their own: add their memory, and their one
        // thread each, to the pool's.
        rss += procpool::WORKERS_PEAK_RSS_KIB.load(std::sync::atomic::Ordering::Relaxed) as u64;
        threads += cell.cores;
    }
    println!("cell {} {checksum} {rss} {threads}", took.as_nanos());
    Ok(())
}

fn shootout(cli: &Cli) -> anyhow::Result<()> {
    let mut sizes = if cli.full { Sizes::FULL } else { Sizes::SMALL };
    if let Some(jobs) = cli.jobs {
        (sizes.cpu_jobs, sizes.io_jobs, sizes.mixed_jobs) = (jobs, jobs, jobs);
    }
    if let Some(ms) = cli.wait_ms {
        sizes.wait = Duration::from_millis(ms);
    }
    if let Some(ms) = cli.compute_ms {
        sizes.compute = Duration::from_millis(ms);
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let problems = if cli.problem.is_empty() {
        Problem::ALL.to_vec()
    } else {
        cli.problem.clone()
    };
    let approaches: Vec<Approach> = Approach::ALL
        .into_iter()
        .filter(|a| *a == Approach::Sequential || cli.only.is_empty() || cli.only.contains(a))
        .collect();

    // With `--present`, the first problem's screen comes first: what follows (the setup,
    // the calibration) is said under it, as the start of that part.
    let mut presented = present::part(&part_title(problems[0], &sizes), watch(problems[0]));
    // Read now: the load average before the runs, when other programs' load is theirs.
    let machine_before = machine(cores);
    println!("Lesson 09: choosing the right tool");
    println!(
        "The same three problems, solved by {} approaches on this machine ({cores} cores).",
        approaches.len()
    );
    println!("Each approach runs in a fresh process, so its memory and threads are its own.\n");

    let own_server = match cli.server {
        Some(_) => None,
        None => Some(
            delay_server::DelayServer::start_blocking(delay_server::Config::default())
                .context("cannot start the delay server")?,
        ),
    };
    let server = match (&own_server, cli.server) {
        (Some(own), _) => own.addr(),
        (None, Some(addr)) => addr,
        (None, None) => unreachable!("one of the two is set above"),
    };
    println!(
        "Calibrating: how many numbers to test for primes so that one job computes for about {} ms here...",
        sizes.compute.as_millis()
    );
    let primes_below = kit::work::calibrate(sizes.compute);
    let primes = kit::work::count_primes(primes_below);
    println!(
        "  count_primes({primes_below}) = {primes}; the server waits {} ms before each answer.\n",
        sizes.wait.as_millis()
    );

    let mut all = Vec::new();
    for (i, problem) in problems.into_iter().enumerate() {
        if i > 0 {
            presented = present::part(&part_title(problem, &sizes), watch(problem));
        }
        let jobs = sizes.jobs(problem);
        let job = Job {
            problem,
            primes_below,
            wait_ms: sizes.wait.as_millis() as u64,
            server,
        };
        let expected = expected_checksum(&job, jobs, primes);
        if !presented {
            println!("== {} ({jobs} jobs)", problem.title());
        }
        // Rounds interleave the approaches (each round runs every approach once), so a
        // burst of load from elsewhere on the machine hits them alike; each keeps its
        // fastest run, the one least disturbed.
        let mut best: Vec<Option<Row>> = vec![None; approaches.len()];
        for round in 0..cli.runs {
            if cli.runs > 1 {
                println!("  round {} of {}", round + 1, cli.runs);
            }
            for (slot, &approach) in best.iter_mut().zip(&approaches) {
                if let Some(own) = &own_server {
                    own.reset_stats();
                }
                let mut row = measure(approach, &job, jobs, cores)?;
                row.row.correct = row.checksum == expected;
                row.row.in_flight = match (&own_server, problem) {
                    (Some(own), Problem::Io | Problem::Mixed) => Some(own.stats().max_in_flight),
                    _ => None,
                };
                println!(
                    "  {:<22} {:>8.3} s",
                    approach.name(),
                    row.row.time.as_secs_f64()
                );
                // A wrong sum is kept whatever its time, so the table shows it.
                let keep = match slot {
                    None => true,
                    Some(b) => !row.row.correct || (b.correct && row.row.time < b.time),
                };
                if keep {
                    *slot = Some(row.row);
                }
            }
        }
        let rows: Vec<Row> = best.into_iter().flatten().collect();
        let sequential = rows[0].time;
        let results = Results {
            problem,
            jobs,
            cores,
            ideal: report::ideal_speedup(problem, sequential, jobs, sizes.wait, cores),
            rows,
        };
        println!("\n{}", results.heading());
        // Paced, line by line, with `--present`.
        present::show(&format!("{}\n", results.table()));
        notice(&results);
        all.push(results);
    }
    closing();

    if let Some(dir) = &cli.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let mut command = format!(
            "cargo run --release -p lesson-09 --{}",
            if cli.full { " --full" } else { "" }
        );
        if !cli.problem.is_empty() {
            let names: Vec<&str> = cli.problem.iter().map(|p| p.name()).collect();
            command.push_str(&format!(" --problem {}", names.join(",")));
        }
        if cli.runs > 1 {
            command.push_str(&format!(" --runs {}", cli.runs));
        }
        command.push_str(&format!(" --out {}", dir.display()));
        let load_after = load_average().unwrap_or_else(|| "?".into());
        let machine = format!("{machine_before} and {load_after} at the end");
        // One Markdown table and one chart per problem, so rerunning one problem (at a
        // quieter moment, say) replaces only its own files.
        for results in &all {
            let name = results.problem.name();
            let md = report::markdown(std::slice::from_ref(results), &command, &machine);
            std::fs::write(dir.join(format!("{name}.md")), md)?;
            std::fs::write(dir.join(format!("{name}.svg")), results.svg())?;
        }
        println!(
            "\nWrote one Markdown table and one SVG per problem into {}",
            dir.display()
        );
    }
    if let Some(own) = own_server {
        own.shutdown().context("cannot stop the delay server")?;
    }
    present::end();
    Ok(())
}

/// A problem's title on the presenter's screen.
fn part_title(problem: Problem, sizes: &Sizes) -> String {
    format!("{} ({} jobs)", problem.title(), sizes.jobs(problem))
}

/// What the room should watch for in a problem's table.
fn watch(problem: Problem) -> &'static str {
    match problem {
        Problem::Cpu => {
            "the speed-up column: only more cores at work beat sequential (threads, rayon, \
             processes, multi-threaded runtimes), not a one-thread runtime"
        }
        Problem::Io => {
            "the most-in-flight column: async runtimes and a thread per job wait for every \
             answer at once; rayon and processes, one per core"
        }
        Problem::Mixed => {
            "one-thread runtimes compute on their only thread; spawn_blocking and the threads \
             get both the waits and the cores"
        }
    }
}

struct Measured {
    row: Row,
    checksum: u64,
}

/// Runs one cell in a fresh child process and reads its result line.
fn measure(approach: Approach, job: &Job, jobs: usize, cores: usize) -> anyhow::Result<Measured> {
    let exe = std::env::current_exe().context("cannot find this program to run a cell")?;
    let output = Command::new(exe)
        .args([
            "cell",
            "--approach",
            approach.name(),
            "--jobs",
            &jobs.to_string(),
            "--cores",
            &cores.to_string(),
            "--problem",
            job.problem.name(),
            "--primes-below",
            &job.primes_below.to_string(),
            "--wait-ms",
            &job.wait_ms.to_string(),
            "--server",
            &job.server.to_string(),
        ])
        .output()
        .context("cannot start a cell process")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("cell ")) else {
        bail!(
            "{} on {} failed: {}",
            approach.name(),
            job.problem.name(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    };
    let fields: Vec<u64> = line
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [nanos, sum, rss, threads] = fields[..] else {
        bail!("a cell printed an unreadable line: {line}");
    };
    Ok(Measured {
        row: Row {
            approach,
            time: Duration::from_nanos(nanos),
            correct: true,
            threads: threads as usize,
            peak_rss_kib: rss,
            in_flight: None,
        },
        checksum: sum,
    })
}

/// What to notice in one problem's table, read from the numbers.
fn notice(results: &Results) {
    let best = results
        .rows
        .iter()
        .max_by(|a, b| {
            let (sa, sb) = (
                results.speedup(a).unwrap_or(0.0),
                results.speedup(b).unwrap_or(0.0),
            );
            sa.total_cmp(&sb)
        })
        .expect("every table has rows");
    let near: Vec<&str> = results
        .rows
        .iter()
        .filter(|r| results.speedup(r).unwrap_or(0.0) >= 0.7 * results.ideal)
        .map(|r| r.approach.name())
        .collect();
    println!(
        "Fastest here: {} ({:.1}x of an ideal {:.1}x). Within 70 % of the ideal: {}.",
        best.approach.name(),
        results.speedup(best).unwrap_or(0.0),
        results.ideal,
        if near.is_empty() {
            "none".into()
        } else {
            near.join(", ")
        }
    );
    let lesson = match results.problem {
        Problem::Cpu => {
            "Computing goes faster only with more cores at work: threads, rayon, processes and \
             the multi-threaded runtimes; the one-thread runtimes (tokio current-thread, smol's \
             default, the event loop) run it at sequential speed."
        }
        Problem::Io => {
            "Waiting goes faster by waiting for many answers at once: every async runtime and a \
             thread per job have all requests in flight; a pool (threads, rayon, processes) has \
             only as many in flight as it has workers."
        }
        Problem::Mixed => {
            "Both at once: the waits want concurrency and the computing wants cores. A runtime \
             that computes on its only thread serialises the computing; handing it to \
             spawn_blocking (or using many threads) gets both."
        }
    };
    println!("{lesson}\n");
}

fn closing() {
    println!("Read the tables as a decision: where does the time go (computing or waiting),");
    println!("how many jobs, and what must they not do (block a runtime, crash the program)?");
    println!("The chapter (book/src/09-choosing.md) turns them into a flow chart.");
}

/// A one-line description of this machine for the book's tables.
fn machine(cores: usize) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split(':')
                    .nth(1)
                    .map(|m| m.trim().to_string())
            })
        })
        .unwrap_or_else(|| "an unknown CPU".into());
    let memory = probe_meminfo().map_or(String::new(), |gib| format!(", {gib:.0} GiB"));
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .map_or(String::new(), |l| {
            format!(", load average {l} at the start")
        });
    format!(
        "{cores} cores of {cpu}{memory}, {}{load}",
        std::env::consts::OS
    )
}

/// The one-minute load average (Linux), as the kernel prints it.
fn load_average() -> Option<String> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()
        .map(str::to_string)
}

fn probe_meminfo() -> Option<f64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: f64 = info
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kib / 1024.0 / 1024.0)
}
