//! Given: the jobs a worker can do. Each is plain data, sent to the worker by value.
//!
//! Besides real work (`Square`), some jobs exist for the tests: they wait for a file or
//! create one, so a test can decide which job finishes first without timing anything.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// How long a job waits for a file before it gives up (a wrong answer then fails its
/// test after this long instead of hanging it).
pub const PATIENCE: Duration = Duration::from_secs(3);

/// One unit of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// `n * n`.
    Square(u64),
    /// Waits until the file `gate` exists, then gives `value` (0 if it gave up waiting).
    After { gate: PathBuf, value: u64 },
    /// Creates the file `file`, then gives `value`.
    Mark { file: PathBuf, value: u64 },
    /// Creates a file in `dir`, then waits until `parties` files are there: gives how
    /// many it saw. Jobs that run at the same time all see every party.
    Meet { dir: PathBuf, parties: u64 },
    /// Writes its process id into `file`, then waits for `gate` like `After` (the test
    /// kills it while it waits).
    Hold {
        file: PathBuf,
        gate: PathBuf,
        value: u64,
    },
    /// Aborts the worker process (like a crash in a C library).
    Crash,
}

/// What a job gives back: its value, and which process ran it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    pub value: u64,
    pub pid: u32,
}

/// Does the job here, in the calling process.
pub fn run(job: &Job) -> Output {
    let value = match job {
        Job::Square(n) => n * n,
        Job::After { gate, value } => {
            if wait_for(|| gate.exists()) {
                *value
            } else {
                0
            }
        }
        Job::Mark { file, value } => {
            touch(file, "");
            *value
        }
        Job::Meet { dir, parties } => {
            touch(&dir.join(std::process::id().to_string()), "");
            let count = || std::fs::read_dir(dir).map_or(0, |d| d.count() as u64);
            wait_for(|| count() >= *parties);
            count()
        }
        Job::Hold { file, gate, value } => {
            touch(file, &std::process::id().to_string());
            if wait_for(|| gate.exists()) {
                *value
            } else {
                0
            }
        }
        Job::Crash => std::process::abort(),
    };
    Output {
        value,
        pid: std::process::id(),
    }
}

/// Polls `ready` every 2 ms for at most [`PATIENCE`]; true if it became true.
fn wait_for(ready: impl Fn() -> bool) -> bool {
    let until = Instant::now() + PATIENCE;
    while !ready() {
        if Instant::now() > until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    true
}

/// Creates `path` with `text`, whole: written aside, then renamed into place, so a
/// reader never sees it half-written.
fn touch(path: &Path, text: &str) {
    let aside = path.with_extension(format!("tmp{}", std::process::id()));
    // A job cannot report an IO error; a missing file makes the test fail and say so.
    if std::fs::write(&aside, text).is_ok() {
        let _ = std::fs::rename(&aside, path);
    }
}
