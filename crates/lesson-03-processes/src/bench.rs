//! `lesson-03 bench`: what processes cost and what they buy.
//!
//! 1. Speed-up: CPU-bound jobs, each about `--job-ms` long, on every executor; the pool
//!    is started before the clock starts (its start-up is measured on its own, in 3).
//! 2. Cost per job: jobs that do nothing, so what is left is the executor's own work
//!    (for the pool: encode, write to a pipe, wake a process, read, decode, and back).
//! 3. Start-up: starting the workers and getting a first reply.
//! 4. Cost per MB sent: jobs that carry a buffer and add up its bytes; the pool must
//!    copy every byte through a pipe, the threads only move a pointer. And the codec:
//!    postcard against JSON on the same buffer.
//! 5. Chunking: many tiny jobs sent one by one, or in batches (Python's `chunksize`).

use std::time::Duration;

use kit::cli::in_range;
use kit::measure::{Align, Summary, Table, repeat, secs, time};

use lesson_03::executor::{Executor, Rayon, Sequential, ThreadPool};
use lesson_03::job::Job;
use lesson_03::pool::{PoolConfig, ProcessPool};
use lesson_03::worker::WorkerCommand;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per measurement; the median, min and max are reported.
    #[arg(long, default_value_t = 3, value_parser = in_range(1usize, 50))]
    runs: usize,
    /// About how long one CPU-bound job computes, in milliseconds.
    #[arg(long, default_value_t = 250, value_parser = in_range(10u64, 2_000))]
    bench_job_ms: u64,
    /// CPU-bound jobs in the speed-up run.
    #[arg(long, default_value_t = 8, value_parser = in_range(1usize, 64))]
    cpu_jobs: usize,
    /// Sizes of the buffers sent, in MB, comma-separated (the codec table uses the largest).
    #[arg(long, value_delimiter = ',', default_value = "1,16,64",
          value_parser = in_range(1usize, 512))]
    buffers_mb: Vec<usize>,
    /// Empty jobs for the per-job cost.
    #[arg(long, default_value_t = 5_000, value_parser = in_range(10usize, 1_000_000))]
    empty_jobs: usize,
}

fn pool(workers: usize) -> ProcessPool {
    let command = WorkerCommand::this_program().unwrap_or_else(|err| {
        eprintln!("error: cannot find this program to start workers: {err}");
        std::process::exit(1)
    });
    ProcessPool::start(PoolConfig::new(workers, command)).unwrap_or_else(|err| {
        eprintln!("error: cannot start worker processes: {err}");
        std::process::exit(1)
    })
}

/// Every executor of the lesson, freshly built, with the number of workers.
fn executors(workers: usize) -> Vec<Box<dyn Executor>> {
    vec![
        Box::new(Sequential),
        Box::new(pool(workers)),
        Box::new(ThreadPool::new(workers, None)),
        Box::new(Rayon::new(workers, None).expect("rayon starts its threads")),
    ]
}

fn print(table: &Table) {
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
}

/// Median time of `runs` calls of `executor.map(jobs)`.
fn measure_map(executor: &dyn Executor, jobs: &[Job], runs: usize) -> Summary {
    repeat(runs, || {
        // The copy of the jobs is made before the clock starts.
        let jobs = jobs.to_vec();
        let (results, took) = time(|| executor.map(jobs));
        assert!(
            results.iter().all(Result::is_ok),
            "a bench job failed: {results:?}"
        );
        took
    })
}

pub fn run(args: &BenchArgs, workers: usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "lesson-03 bench: {workers} workers, {cores} cores available, {} runs each (median, min, max)",
        args.runs
    );
    println!();

    // 1. Speed-up.
    let size = kit::work::calibrate(Duration::from_millis(args.bench_job_ms));
    let cpu: Vec<Job> = vec![Job::CountPrimes { below: size }; args.cpu_jobs];
    println!(
        "1. {} CPU-bound jobs (count primes below {size}, about {} ms each)",
        args.cpu_jobs, args.bench_job_ms
    );
    // Two speed-ups: of the medians, and of the fastest runs (on a shared machine the
    // fastest run is the one least disturbed by other programs).
    let mut table = Table::new([
        "executor",
        "median",
        "min",
        "max",
        "speed-up",
        "best vs best",
    ]);
    table.align(0, Align::Left);
    let mut base = None;
    for executor in executors(workers) {
        eprintln!("    measuring {}…", executor.name());
        let s = measure_map(executor.as_ref(), &cpu, args.runs);
        let (median, min) = *base.get_or_insert((s.median, s.min));
        table.row([
            executor.name(),
            secs(s.median),
            secs(s.min),
            secs(s.max),
            times(median, s.median),
            times(min, s.min),
        ]);
    }
    print(&table);

    // 2. Per-job cost.
    println!("2. Cost per job: {} jobs that do nothing", args.empty_jobs);
    let empty = vec![Job::Nothing; args.empty_jobs];
    let mut table = Table::new(["executor", "per job (median)", "min", "max"]);
    table.align(0, Align::Left);
    for executor in executors(workers) {
        let s = measure_map(executor.as_ref(), &empty, args.runs);
        table.row([
            executor.name(),
            per_job(s.median, empty.len()),
            per_job(s.min, empty.len()),
            per_job(s.max, empty.len()),
        ]);
    }
    print(&table);

    // 3. Start-up.
    println!("3. Starting {workers} worker processes and getting a first reply from each");
    let s = repeat(args.runs, || {
        time(|| {
            let pool = pool(workers);
            let _ = pool.map(vec![Job::Nothing; workers]);
            pool.shutdown();
        })
        .1
    });
    println!("    {s}");
    println!();

    // 4. Cost per MB.
    println!("4. Sending data: one job carrying a buffer, which the job adds up");
    let mut table = Table::new(["buffer", "executor", "median", "per MB"]);
    table.align(1, Align::Left);
    let process = pool(workers);
    let threads = ThreadPool::new(workers, None);
    for &mb in &args.buffers_mb {
        let data: Vec<u8> = (0..mb << 20).map(|i| (i % 251) as u8).collect();
        let job = vec![Job::Checksum { data }];
        for executor in [&process as &dyn Executor, &threads] {
            let s = measure_map(executor, &job, args.runs);
            table.row([
                format!("{mb} MB"),
                executor.name(),
                secs(s.median),
                format!("{:.2} ms", s.median.as_secs_f64() * 1e3 / mb as f64),
            ]);
        }
    }
    print(&table);
    drop(threads);
    let stats = process.shutdown();
    println!(
        "    the pool wrote {:.1} MB down its pipes in all",
        stats.bytes_sent as f64 / 1e6
    );
    codec_table(
        args.runs,
        args.buffers_mb.iter().copied().max().unwrap_or(1),
    );

    // 5. Chunking.
    let tiny = 300;
    let count = 20_000;
    println!("5. Chunking: {count} tiny jobs (count primes below {tiny}) on the process pool");
    let process = pool(workers);
    let mut table = Table::new(["sent as", "messages", "median", "per job"]);
    for chunk in [1usize, 10, 100, 1_000] {
        let jobs: Vec<Job> = if chunk == 1 {
            vec![Job::CountPrimes { below: tiny }; count]
        } else {
            (0..count / chunk)
                .map(|_| Job::Batch(vec![Job::CountPrimes { below: tiny }; chunk]))
                .collect()
        };
        let s = measure_map(&process, &jobs, args.runs);
        table.row([
            if chunk == 1 {
                "one job each".to_string()
            } else {
                format!("batches of {chunk}")
            },
            jobs.len().to_string(),
            secs(s.median),
            per_job(s.median, count),
        ]);
    }
    print(&table);
    process.shutdown();
    println!("Rerun with `cargo run --release -p lesson-03 -- bench`.");
}

/// postcard against JSON, encoding and decoding the same buffer in this process.
fn codec_table(runs: usize, mb: usize) {
    let data: Vec<u8> = (0..mb << 20).map(|i| (i % 251) as u8).collect();
    let job = Job::Checksum { data };
    let mut table = Table::new(["codec", "bytes", "encode", "decode"]);
    table.align(0, Align::Left);
    let post = postcard::to_stdvec(&job).expect("a job encodes");
    let enc = repeat(runs, || {
        time(|| postcard::to_stdvec(&job).expect("a job encodes")).1
    });
    let dec = repeat(runs, || {
        time(|| postcard::from_bytes::<Job>(&post).expect("it decodes")).1
    });
    table.row([
        "postcard".to_string(),
        post.len().to_string(),
        secs(enc.median),
        secs(dec.median),
    ]);
    let json = serde_json::to_vec(&job).expect("a job encodes");
    let enc = repeat(runs, || {
        time(|| serde_json::to_vec(&job).expect("a job encodes")).1
    });
    let dec = repeat(runs, || {
        time(|| serde_json::from_slice::<Job>(&json).expect("it decodes")).1
    });
    table.row([
        "JSON".to_string(),
        json.len().to_string(),
        secs(enc.median),
        secs(dec.median),
    ]);
    println!("    the codec alone, on a {mb} MB buffer:");
    print(&table);
}

fn per_job(total: Duration, count: usize) -> String {
    format!("{:.1} µs", total.as_secs_f64() * 1e6 / count.max(1) as f64)
}

/// How many times faster `new` is than `base`, with two decimals (the target is 1.8×).
fn times(base: Duration, new: Duration) -> String {
    if new.is_zero() {
        return "-".to_string();
    }
    format!("{:.2}×", base.as_secs_f64() / new.as_secs_f64())
}
