//! Given: both ends of one worker process.
//!
//! - [`serve`] is the worker's life (in `src/main.rs`): read a job, run it, write the
//!   output; again, until standard input closes.
//! - [`Worker`] is the parent's handle: [`Worker::start`] starts the program,
//!   [`Worker::run`] sends one job and blocks until its output comes back (or the
//!   process dies), and dropping a `Worker` kills its process.

use std::io::{self, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::time::Duration;

use crate::job::{self, Job, Output};
use crate::wire::{read_frame, write_frame};

/// The worker's loop. It ends when the parent closes our input, and a watchdog ends the
/// process if the parent dies while we are busy: no worker outlives its pool.
pub fn serve() -> io::Result<()> {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(50));
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(3);
                }
            }
        });
    }
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    while let Some(job) = read_frame::<Job>(&mut input)? {
        write_frame(&mut output, &job::run(&job))?;
    }
    Ok(())
}

/// A worker process died before it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Died {
    pub pid: u32,
    /// How it ended: "killed by signal 9", "exited with code 101", …
    pub reason: String,
}

/// The parent's handle on one worker process. Dropping it kills the process.
#[derive(Debug)]
pub struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    pid: u32,
}

impl Worker {
    /// Starts `program worker` with its input and output piped to us.
    pub fn start(program: &Path) -> io::Result<Worker> {
        let mut child = Command::new(program)
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        // Both were asked for with `piped()`, so both are there.
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let pid = child.id();
        Ok(Worker {
            child,
            stdin: Some(stdin),
            stdout,
            pid,
        })
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Sends `job` and blocks until its output comes back. `Err` if the process died
    /// first; the process is then gone for good (start a new `Worker`).
    pub fn run(&mut self, job: &Job) -> Result<Output, Died> {
        let sent = match self.stdin.as_mut() {
            Some(stdin) => write_frame(stdin, job).is_ok(),
            None => false,
        };
        if sent && let Ok(Some(output)) = read_frame::<Output>(&mut self.stdout) {
            return Ok(output);
        }
        // The pipe broke or closed: the process is dead (or dying). Reap it.
        self.stdin = None;
        let reason = match self.child.wait() {
            Ok(status) => describe(status),
            Err(err) => format!("cannot wait for it: {err}"),
        };
        Err(Died {
            pid: self.pid,
            reason,
        })
    }

    /// Closes the worker's input, so its loop ends, and waits for the process to exit.
    pub fn stop(mut self) {
        self.stdin = None;
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Kill, then wait, so no zombie stays behind. Both fail harmlessly if the
        // process is already gone and reaped.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// "killed by signal 9", "exited with code 1".
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("killed by signal {signal}");
    }
    match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => format!("ended: {status}"),
    }
}
