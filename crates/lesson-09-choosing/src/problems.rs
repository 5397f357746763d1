//! The three reference problems, and the one job each is made of.

use std::net::SocketAddr;
use std::time::Duration;

use clap::ValueEnum;

use crate::http;

/// The reference problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Problem {
    /// Count primes: pure computing on data in memory.
    Cpu,
    /// Ask the delay server for a slow answer: pure waiting.
    Io,
    /// Ask for a slow answer, then compute on it: both.
    Mixed,
}

impl Problem {
    pub const ALL: [Problem; 3] = [Problem::Cpu, Problem::Io, Problem::Mixed];

    pub fn name(self) -> &'static str {
        match self {
            Problem::Cpu => "cpu",
            Problem::Io => "io",
            Problem::Mixed => "mixed",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Problem::Cpu => "CPU-bound: count primes",
            Problem::Io => "IO-bound: slow HTTP answers from the delay server",
            Problem::Mixed => "Mixed: a slow HTTP answer, then counting primes",
        }
    }
}

/// How big each problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub cpu_jobs: usize,
    pub io_jobs: usize,
    pub mixed_jobs: usize,
    /// How long the server waits before each answer.
    pub wait: Duration,
    /// How long one job's computing should take on this machine (calibrated).
    pub compute: Duration,
}

impl Sizes {
    /// The story's sizes: the whole shootout in a few seconds.
    pub const SMALL: Sizes = Sizes {
        cpu_jobs: 24,
        io_jobs: 40,
        mixed_jobs: 24,
        wait: Duration::from_millis(50),
        compute: Duration::from_millis(20),
    };

    /// The benchmark's sizes (`--full`): long enough that start-up costs fade.
    pub const FULL: Sizes = Sizes {
        cpu_jobs: 64,
        io_jobs: 400,
        mixed_jobs: 96,
        wait: Duration::from_millis(100),
        compute: Duration::from_millis(50),
    };

    pub fn jobs(&self, problem: Problem) -> usize {
        match problem {
            Problem::Cpu => self.cpu_jobs,
            Problem::Io => self.io_jobs,
            Problem::Mixed => self.mixed_jobs,
        }
    }
}

/// Everything one job needs, small enough to pass to a child process on its command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub problem: Problem,
    /// The `count_primes` size that takes about [`Sizes::compute`] here.
    pub primes_below: u64,
    pub wait_ms: u64,
    pub server: SocketAddr,
}

// ANCHOR: job
impl Job {
    /// One job, done the blocking way: the calling thread computes, or sleeps in the
    /// kernel while it waits for the server. Returns a checksum.
    pub fn run_blocking(&self) -> u64 {
        match self.problem {
            Problem::Cpu => kit::work::count_primes(self.primes_below),
            Problem::Io => http::get_blocking(self.server, self.wait_ms),
            Problem::Mixed => {
                http::get_blocking(self.server, self.wait_ms)
                    + kit::work::count_primes(self.primes_below)
            }
        }
    }
}
// ANCHOR_END: job

/// The checksum every approach must produce for `jobs` jobs (each answer from the
/// server counts 1; each computing counts its primes).
pub fn expected_checksum(job: &Job, jobs: usize, primes: u64) -> u64 {
    let one = match job.problem {
        Problem::Cpu => primes,
        Problem::Io => 1,
        Problem::Mixed => 1 + primes,
    };
    one * jobs as u64
}
