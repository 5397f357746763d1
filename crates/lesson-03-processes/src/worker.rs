//! Both ends of one worker process: the loop the child runs, and the parent's handle.
//!
//! The child is this same program, started again with the hidden `worker` argument
//! (Python's `spawn` and `forkserver` start methods also start a fresh interpreter and
//! import the main module; that is why a Python script needs its
//! `if __name__ == "__main__":` guard). It reads jobs from its standard input and writes
//! replies to its standard output, one frame each, until its input closes.

use std::io::{self, BufReader, BufWriter, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use kit::timeline::Timeline;
use serde::{Deserialize, Serialize};

use crate::job::{self, Job, Output};
use crate::wire::{read_frame, write_frame};

/// What the parent sends: a job and its number.
#[derive(Debug, Deserialize)]
pub struct Request {
    pub id: u64,
    pub job: Job,
    /// Record the job as a timeline span and send it back with the reply.
    pub trace: bool,
}

/// The same message as [`Request`], borrowing its job: the parent encodes the job
/// straight from where it is, without a copy (postcard writes the same bytes for both).
#[derive(Debug, Serialize)]
pub struct RequestRef<'a> {
    pub id: u64,
    pub job: &'a Job,
    pub trace: bool,
}

/// What the worker sends back.
#[derive(Debug, Serialize, Deserialize)]
pub struct Reply {
    pub id: u64,
    pub output: Output,
    /// The job's span in the kit's line format (empty unless asked): the parent merges
    /// it into its own timeline, lined up by the wall clock.
    pub spans: String,
}

// ANCHOR: serve
/// The worker's whole life: jobs in, replies out, until standard input closes.
///
/// The parent closes our input to stop us; if the parent dies, the system closes it
/// for it. A worker busy with a long job does not read its input, so a watchdog thread
/// also checks that the parent is still ours: no worker outlives the pool.
pub fn serve() -> io::Result<()> {
    watch_parent();
    let mut input = io::stdin().lock();
    let mut output = BufWriter::new(io::stdout().lock());
    // "Ready": a job's deadline counts from here, not from the process start, which a
    // busy machine can make slow.
    write_frame(&mut output, &std::process::id())?;
    while let Some(request) = read_frame::<Request>(&mut input)? {
        let timeline = request.trace.then(Timeline::new);
        let span = timeline
            .as_ref()
            .map(|t| t.span(format!("{} {}", request.id, request.job.label())));
        let result = job::run(&request.job);
        drop(span);
        let reply = Reply {
            id: request.id,
            output: result,
            spans: timeline.map(|t| t.to_lines()).unwrap_or_default(),
        };
        write_frame(&mut output, &reply)?;
    }
    Ok(())
}
// ANCHOR_END: serve

/// Exits the process as soon as its parent is gone (the orphan is adopted by another
/// process, so its parent id changes). Checked every 50 ms.
fn watch_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        thread::spawn(move || {
            loop {
                thread::sleep(Duration::from_millis(50));
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(3);
                }
            }
        });
    }
}

/// How to start a worker: a program and its arguments.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl WorkerCommand {
    /// This very program, with the hidden `worker` argument.
    pub fn this_program() -> io::Result<Self> {
        Ok(Self {
            program: std::env::current_exe()?,
            args: vec!["worker".to_string()],
        })
    }
}

/// Why a call did not return a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The worker process ended (the reason says how) before it replied.
    Died(String),
    /// The deadline passed; the worker was killed.
    TimedOut,
    /// The pool is being dropped; the worker was killed.
    Stopped,
}

/// The parent's handle on one worker process. Dropping it kills the process.
pub struct Worker {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    replies: Receiver<Reply>,
    /// Fires (or closes) once the process has started and sent its first frame.
    ready: Receiver<()>,
    is_ready: bool,
    stderr: Option<JoinHandle<String>>,
    pid: u32,
    /// Bytes written to the worker so far (frames included).
    pub sent: u64,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("pid", &self.pid).finish()
    }
}

impl Worker {
    /// Starts a worker process with piped standard input, output and error.
    pub fn spawn(command: &WorkerCommand) -> io::Result<Self> {
        let mut child = Command::new(&command.program)
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let pid = child.id();
        // `spawn` with three `piped()` always gives the three pipes.
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut stderr = child.stderr.take().expect("stderr is piped");
        // A blocking read has no timeout, so a thread reads the replies and hands them
        // over a channel, where the caller can wait with a deadline.
        let (tx, replies) = crossbeam_channel::unbounded();
        let (ready_tx, ready) = crossbeam_channel::bounded(1);
        thread::spawn(move || {
            // The first frame is the worker's "ready" (its pid); a worker that dies
            // before it closes the channel instead.
            if !matches!(read_frame::<u32>(&mut stdout), Ok(Some(_))) {
                return;
            }
            let _ = ready_tx.send(());
            while let Ok(Some(reply)) = read_frame::<Reply>(&mut stdout) {
                if tx.send(reply).is_err() {
                    break;
                }
            }
        });
        // The worker's error output is kept to explain a death ("panicked at …").
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Ok(Self {
            child,
            stdin: Some(BufWriter::new(stdin)),
            replies,
            ready,
            is_ready: false,
            stderr: Some(stderr),
            pid,
            sent: 0,
        })
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    // ANCHOR: call
    /// Sends one request and waits for its reply, until `deadline` if one is given.
    /// `stop` is checked every few milliseconds so a pool being dropped is not kept
    /// waiting by a long job. On any error the worker is dead (or killed) and reaped.
    pub fn call(
        &mut self,
        request: &RequestRef<'_>,
        deadline: Option<Duration>,
        stop: &dyn Fn() -> bool,
    ) -> Result<Reply, CallError> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(CallError::Died("its input was closed".into()));
        };
        match write_frame(stdin, request) {
            Ok(n) => self.sent += n as u64,
            // A broken pipe: the worker is gone. Its exit status says why.
            Err(_) => return Err(CallError::Died(self.reap())),
        }
        // A job's deadline is for the job: a process that is slow to start (a busy
        // machine, a fresh replacement) does not eat into it.
        let tick = Duration::from_millis(20);
        while !self.is_ready {
            match self.ready.recv_timeout(tick) {
                Ok(()) => self.is_ready = true,
                Err(RecvTimeoutError::Disconnected) => return Err(CallError::Died(self.reap())),
                Err(RecvTimeoutError::Timeout) if stop() => {
                    self.kill();
                    return Err(CallError::Stopped);
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
        let started = Instant::now();
        loop {
            let wait = match deadline {
                Some(limit) => limit.saturating_sub(started.elapsed()).min(tick),
                None => tick,
            };
            match self.replies.recv_timeout(wait) {
                Ok(reply) => return Ok(reply),
                // Its output closed: the worker died mid-job.
                Err(RecvTimeoutError::Disconnected) => return Err(CallError::Died(self.reap())),
                Err(RecvTimeoutError::Timeout) => {
                    if stop() {
                        self.kill();
                        return Err(CallError::Stopped);
                    }
                    if deadline.is_some_and(|limit| started.elapsed() >= limit) {
                        self.kill();
                        return Err(CallError::TimedOut);
                    }
                }
            }
        }
    }
    // ANCHOR_END: call

    /// Kills the process and waits for it (a dead child must be waited for, or it stays
    /// in the process table as a zombie).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Closes the worker's input, so it leaves its loop, and waits for it to exit.
    pub fn stop(mut self) -> io::Result<ExitStatus> {
        self.stdin = None;
        self.child.wait()
    }

    /// Waits for a worker that died and describes how, with its last error output.
    fn reap(&mut self) -> String {
        self.stdin = None;
        let status = self.child.wait();
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        match status {
            Ok(status) => describe(status, &stderr),
            Err(err) => format!("cannot wait for it: {err}"),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Already reaped: kill fails harmlessly and wait returns the stored status.
        self.kill();
    }
}

// ANCHOR: describe
/// How a process ended, in words: "killed by signal 9 (SIGKILL)", "exited with code
/// 101: the job panicked on purpose".
pub fn describe(status: ExitStatus, stderr: &str) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        let name = match signal {
            6 => " (SIGABRT: the process aborted)",
            9 => " (SIGKILL)",
            11 => " (SIGSEGV: a bad memory access)",
            15 => " (SIGTERM)",
            _ => "",
        };
        return format!("killed by signal {signal}{name}");
    }
    let how = match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => format!("ended: {status}"),
    };
    // A Rust panic prints "thread '…' panicked at FILE:LINE:COL:" then the message.
    let mut lines = stderr.lines();
    match lines.find(|l| l.contains("panicked at")).and(lines.next()) {
        Some(message) => format!("{how}, panicked: {message}"),
        None => how,
    }
}
// ANCHOR_END: describe
