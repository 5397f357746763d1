//! Shared by the step tests. (`tests/support/mod.rs` rather than `tests/support.rs`:
//! cargo would take a file directly in `tests/` for a test target of its own.)

#![allow(dead_code)] // Each step uses a different part of this file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The worker program: this package's own binary (`src/main.rs`), which cargo builds
/// before the tests and names after the package.
pub fn program() -> &'static Path {
    Path::new(env!(concat!("CARGO_BIN_EXE_", env!("CARGO_PKG_NAME"))))
}

/// Long enough for any right answer on a busy machine; a wrong one that waits in vain
/// for a job (which gives up after `job::PATIENCE`, 3 s) still fails well before the
/// course runner stops the test binary (15 s).
pub const OUTER_LIMIT: Duration = Duration::from_secs(10);

/// Runs `f` on a thread of its own and returns its result, failing the test with
/// `cause` if it has not finished within [`OUTER_LIMIT`].
pub fn within<T: Send + 'static>(
    what: &str,
    cause: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    exercise_support::guide();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(OUTER_LIMIT) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} still not finished after {OUTER_LIMIT:?}: {cause}")
        }
        // The thread panicked: its own message was printed already.
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked (see above)"),
    }
}

/// A fresh folder for the files the jobs wait for and create; removed when dropped.
pub fn folder() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A path inside `dir` (the file itself is not created).
pub fn file(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// The state letter `ps` shows for a process (R running, S sleeping, Z zombie); empty
/// when there is no such process. `ps` works the same on Linux and macOS.
pub fn state(pid: u32) -> String {
    let out = Command::new("ps")
        .args(["-o", "stat=", "-p", &pid.to_string()])
        .output()
        .expect("ps runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// True while the process exists and is not a zombie (dead, but not waited for).
pub fn alive(pid: u32) -> bool {
    let stat = state(pid);
    !stat.is_empty() && !stat.starts_with('Z')
}

/// Kills a process with SIGKILL, as `kill -9` does.
pub fn kill_9(pid: u32) {
    let killed = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(killed, "the test could not kill worker {pid}");
}

/// Waits until `path` holds a process id (a `Job::Hold` wrote it) and returns it.
pub fn pid_in(path: &Path) -> u32 {
    let until = Instant::now() + OUTER_LIMIT;
    loop {
        if let Some(pid) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.trim().parse().ok())
        {
            return pid;
        }
        assert!(
            Instant::now() < until,
            "no worker ever started the job that waits to be killed: was it sent to a worker?"
        );
        thread::sleep(Duration::from_millis(2));
    }
}
