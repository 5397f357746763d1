//! A process pool: worker processes that are this same program, started again with the
//! hidden `worker` subcommand (the self-re-exec trick of Python's `multiprocessing`
//! "spawn" start method, done by hand).
//!
//! Each worker reads one line per job from its stdin, runs the job, and writes the
//! checksum as a line on its stdout; when its stdin closes, it writes its peak memory and
//! exits. The parent keeps a shared count of jobs handed out and one feeding thread per
//! worker, so a free worker takes the next job: a queue, as in `multiprocessing.Pool`.
//! A crash in a job kills its worker only; the parent sees a broken pipe and a 0.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread;

use anyhow::Context;

use crate::problems::Job;

/// The peak memory of every worker of the last run, in KiB (summed), for the report.
pub static WORKERS_PEAK_RSS_KIB: AtomicUsize = AtomicUsize::new(0);

/// Runs `n` copies of `job` on `workers` worker processes; returns the checksums' sum.
pub fn run(job: Job, n: usize, workers: usize) -> anyhow::Result<u64> {
    let exe = std::env::current_exe().context("cannot find this program to start workers")?;
    let handed_out = AtomicUsize::new(0);
    let total = Mutex::new(0_u64);
    WORKERS_PEAK_RSS_KIB.store(0, Ordering::Relaxed);
    let mut children = Vec::new();
    for _ in 0..workers.max(1) {
        let child = Command::new(&exe)
            .args(worker_args(&job))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .context("cannot start a worker process")?;
        children.push(child);
    }
    thread::scope(|s| {
        for child in &mut children {
            let (Some(mut to_worker), Some(from_worker)) =
                (child.stdin.take(), child.stdout.take())
            else {
                continue;
            };
            let (handed_out, total) = (&handed_out, &total);
            s.spawn(move || {
                let mut answers = BufReader::new(from_worker).lines();
                let mut sum = 0;
                // Take jobs until none are left; a broken worker stops taking them.
                while handed_out.fetch_add(1, Ordering::SeqCst) < n {
                    if writeln!(to_worker, "job")
                        .and_then(|()| to_worker.flush())
                        .is_err()
                    {
                        break;
                    }
                    match answers.next() {
                        Some(Ok(line)) => sum += line.trim().parse::<u64>().unwrap_or(0),
                        _ => break,
                    }
                }
                drop(to_worker); // End of jobs: the worker reports its memory and exits.
                if let Some(Ok(line)) = answers.next()
                    && let Some(kib) = line.strip_prefix("rss ")
                {
                    let kib = kib.trim().parse().unwrap_or(0);
                    WORKERS_PEAK_RSS_KIB.fetch_add(kib, Ordering::Relaxed);
                }
                *total.lock().unwrap_or_else(PoisonError::into_inner) += sum;
            });
        }
    });
    for mut child in children {
        let _ = child.wait();
    }
    Ok(total.into_inner().unwrap_or_else(PoisonError::into_inner))
}

fn worker_args(job: &Job) -> Vec<String> {
    vec![
        "worker".into(),
        "--problem".into(),
        job.problem.name().into(),
        "--primes-below".into(),
        job.primes_below.to_string(),
        "--wait-ms".into(),
        job.wait_ms.to_string(),
        "--server".into(),
        job.server.to_string(),
    ]
}

/// The worker's side: one answer line per job line, then `rss <KiB>`.
pub fn serve(job: Job) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        line?;
        writeln!(out, "{}", job.run_blocking())?;
        out.flush()?;
    }
    writeln!(out, "rss {}", crate::probe::peak_rss_kib().unwrap_or(0))?;
    Ok(())
}
