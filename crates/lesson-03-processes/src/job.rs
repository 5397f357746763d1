//! The jobs a worker knows how to do, and what they give back.
//!
//! Python pickles a *reference* to the function (module and name) and the child imports
//! it. A Rust worker cannot receive a closure across a pipe either: code does not travel,
//! only data. So the jobs are an enum, and the worker (this same binary) matches on it.
//! Everything in a job is owned data, sent by value: nothing is shared with the parent.

use std::time::Duration;

use serde::{Deserialize, Serialize};

// ANCHOR: job
/// One unit of work, sent by value to whoever runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// CPU-bound: count the primes below a number.
    CountPrimes { below: u64 },
    /// Data-bound: add up the bytes sent with the job (measures the cost of sending).
    Checksum { data: Vec<u8> },
    /// Nothing at all: what remains is the executor's own cost per job.
    Nothing,
    /// Waits (a stand-in for a slow call); used to show deadlines and crashes mid-job.
    Sleep { ms: u64 },
    /// Reports which process and thread ran it.
    WhoAmI,
    /// Panics (a bug in the job).
    Panic,
    /// Aborts the whole process (what a crashing C library does).
    Abort,
    /// Several jobs sent as one: Python's `chunksize`. One message, one reply.
    Batch(Vec<Job>),
}

/// What a job gives back, by value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Output {
    Count(u64),
    Sum(u64),
    Done,
    Ran { pid: u32, thread: u64 },
    Batch(Vec<Output>),
}
// ANCHOR_END: job

impl Job {
    /// A short name for timelines and tables.
    pub fn label(&self) -> String {
        match self {
            Job::CountPrimes { below } => format!("primes<{below}"),
            Job::Checksum { data } => format!("sum {} B", data.len()),
            Job::Nothing => "nothing".into(),
            Job::Sleep { ms } => format!("sleep {ms} ms"),
            Job::WhoAmI => "who am i".into(),
            Job::Panic => "panic".into(),
            Job::Abort => "abort".into(),
            Job::Batch(jobs) => format!("batch of {}", jobs.len()),
        }
    }
}

/// Does the job, here, in the calling thread.
pub fn run(job: &Job) -> Output {
    match job {
        Job::CountPrimes { below } => Output::Count(kit::work::count_primes(*below)),
        Job::Checksum { data } => Output::Sum(data.iter().map(|&b| u64::from(b)).sum()),
        Job::Nothing => Output::Done,
        Job::Sleep { ms } => {
            std::thread::sleep(Duration::from_millis(*ms));
            Output::Done
        }
        Job::WhoAmI => Output::Ran {
            pid: std::process::id(),
            thread: kit::timeline::thread_number(),
        },
        Job::Panic => panic!("the job panicked on purpose"),
        Job::Abort => std::process::abort(),
        Job::Batch(jobs) => Output::Batch(jobs.iter().map(run).collect()),
    }
}
