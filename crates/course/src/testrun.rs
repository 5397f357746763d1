//! Build a test target with cargo, then run its binary under a timeout.
//!
//! A run counts as a pass only when libtest says so: the binary exits with success,
//! prints its `test result: ok.` summary, and every test it announced (`running N
//! tests`) finished with `ok`, at least one of them. An exit code alone proves nothing:
//! a `std::process::exit(0)` in place of a `todo!()` exits with success before any
//! test has finished.
//!
//! Cargo runs in a process group of its own (on Unix), so that stopping it also stops
//! the compilers it started. The test binaries stay in the runner's group: a Ctrl-C in
//! the terminal reaches a hung test binary along with the runner, which a group of its
//! own would keep from it. (It also keeps cargo from it: cargo ends at its next write
//! to the runner that is gone.)

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::trim::Tally;

/// The default limit for one test binary: generous for these small tests, short enough
/// that a deadlock is reported while the learner is still looking.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a test binary may take to list its tests (it runs none of them).
const LIST_TIMEOUT: Duration = Duration::from_secs(5);

/// What cargo prints while another cargo (rust-analyzer's check on save, say) holds the
/// build lock; cargo waits for it before building anything.
pub const WAITING_FOR_LOCK: &str = "Blocking waiting for file lock";

/// What to build: one package, and optionally one of its test targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub package: String,
    /// `None` builds every test target of the package.
    pub test: Option<String>,
}

/// A built test binary, ready to run.
#[derive(Debug, Clone)]
pub struct TestBinary {
    pub package: String,
    /// The test target's name (`s1_countasync`).
    pub target: String,
    pub path: PathBuf,
    /// The package folder: cargo runs tests there, and so do we.
    pub cwd: PathBuf,
}

/// The result of building some targets.
#[derive(Debug, Clone)]
pub enum Build {
    Built(Vec<TestBinary>),
    /// The code did not compile: the compiler's error messages (warnings are only
    /// counted: next to an error they are noise), or cargo's own words when it failed
    /// before compiling (an unknown package, a broken manifest).
    CompileError(String),
}

/// The work was stopped on request (the runner is quitting, or starting a newer
/// check); its processes were killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped on request")]
pub struct Stopped;

/// The result of running one test binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// libtest reported every test passing (see the module docs for the rule).
    Passed { output: String },
    /// Anything else that ended on its own: failing tests, a crash, or an exit with
    /// success that proves nothing (then the output's last line says why, see
    /// [`Outcome::not_a_pass`]).
    Failed { output: String },
    /// The binary did not finish in time; it was killed.
    TimedOut { after: Duration, output: String },
}

/// How the note on an exit with success that is not a pass begins.
const NOT_A_PASS: &str = "not a pass: the test binary exited with success, but ";

impl Outcome {
    pub fn output(&self) -> &str {
        match self {
            Outcome::Passed { output }
            | Outcome::Failed { output }
            | Outcome::TimedOut { output, .. } => output,
        }
    }

    /// True when the binary ran its tests and libtest reported failures (as opposed to a
    /// crash or a timeout): what a starter is expected to do.
    pub fn failed_cleanly(&self) -> bool {
        matches!(self, Outcome::Failed { output } if output.contains("test result: FAILED"))
    }

    /// Why a run that exited with success is still no pass ("no test ran"), if that is
    /// what happened.
    pub fn not_a_pass(&self) -> Option<&str> {
        let Outcome::Failed { output } = self else {
            return None;
        };
        output.trim_end().lines().last()?.strip_prefix(NOT_A_PASS)
    }
}

/// Why the output of a binary that exited with success does not prove a pass; `None`
/// when it does.
fn not_a_pass(output: &str) -> Option<String> {
    let Some(summary) = output
        .lines()
        .find_map(|line| line.strip_prefix("test result: ok."))
    else {
        return Some(
            "it stopped before libtest's summary (a std::process::exit in the code?)".into(),
        );
    };
    let passed = count(summary, "passed");
    let announced = output.lines().find_map(|line| {
        line.strip_prefix("running ")?
            .split(' ')
            .next()?
            .parse()
            .ok()
    });
    let finished = Tally::of(output).passed.len();
    if passed == Some(0) || finished == 0 {
        return Some("no test ran".into());
    }
    let announced = announced.unwrap_or(0);
    if passed != Some(announced) || finished != announced {
        return Some(format!("only {finished} of its {announced} tests ran"));
    }
    None
}

/// `N` from the `N word` part of a libtest summary (`1 passed; 0 failed; …`).
fn count(summary: &str, word: &str) -> Option<usize> {
    summary.split(';').find_map(|part| {
        let (n, what) = part.trim().split_once(' ')?;
        (what == word).then(|| n.parse().ok())?
    })
}

/// One line of `cargo --message-format=json` output; only the fields we use.
#[derive(Debug, Deserialize)]
struct CargoMessage {
    reason: String,
    #[serde(default)]
    manifest_path: Option<PathBuf>,
    #[serde(default)]
    target: Option<CargoTarget>,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    message: Option<Diagnostic>,
}

#[derive(Debug, Deserialize)]
struct CargoTarget {
    name: String,
    kind: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
}

/// Builds the test binaries of `targets` (all of one package) in one cargo call
/// (`cargo test --no-run`).
///
/// Returns `Err` only when cargo itself cannot be run; a compile error is a normal
/// [`Build::CompileError`].
pub fn build(root: &Path, targets: &[Target]) -> anyhow::Result<Build> {
    build_with_stop(
        root,
        targets,
        &AtomicBool::new(false),
        &AtomicBool::new(false),
    )
}

/// [`build`], but cargo is killed as soon as `stop` turns true, and the result is then
/// an `Err` holding [`Stopped`]. `waiting` turns true while cargo waits for another
/// cargo's build lock ([`WAITING_FOR_LOCK`]), so the runner can say why nothing moves.
pub fn build_with_stop(
    root: &Path,
    targets: &[Target],
    stop: &AtomicBool,
    waiting: &AtomicBool,
) -> anyhow::Result<Build> {
    build_in(root, None, targets, stop, waiting)
}

/// [`build_with_stop`] into `target_dir` (cargo's `--target-dir`) when one is given.
pub fn build_in(
    root: &Path,
    target_dir: Option<&Path>,
    targets: &[Target],
    stop: &AtomicBool,
    waiting: &AtomicBool,
) -> anyhow::Result<Build> {
    // One package per call: every binary built then belongs to it, and cargo's package
    // ids need not be parsed to tell whose a binary is.
    let Some(package) = targets.first().map(|t| t.package.clone()) else {
        bail!("nothing to build: no test target given");
    };
    if let Some(other) = targets.iter().find(|t| t.package != package) {
        bail!(
            "cannot build {package} and {} in one call; build one package at a time",
            other.package
        );
    }
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["test", "--no-run", "--message-format=json", "--package"])
        .arg(&package);
    if let Some(dir) = target_dir {
        cmd.arg("--target-dir").arg(dir);
    }
    for test in targets.iter().filter_map(|t| t.test.as_ref()) {
        cmd.args(["--test", test]);
    }
    let mut child = spawn(&mut cmd, OWN_GROUP).with_context(|| {
        format!(
            "cannot run cargo ({}): is the Rust toolchain installed?",
            cargo()
        )
    })?;
    let stdout = Drain::start(child.stdout.take());
    let stderr = Drain::start(child.stderr.take());
    let status = match wait(&mut child, OWN_GROUP, None, stop, || {
        waiting.store(stderr.holds(WAITING_FOR_LOCK), Ordering::Relaxed);
    })? {
        Waited::Exited(status) => status,
        Waited::TimedOut | Waited::Stopped => return Err(Stopped.into()),
    };
    waiting.store(false, Ordering::Relaxed);
    let (stdout, stderr) = (stdout.finish(), stderr.finish());

    let mut binaries = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<CargoMessage>(line) else {
            continue;
        };
        match msg.reason.as_str() {
            "compiler-artifact" => {
                let (Some(path), Some(target), Some(manifest)) =
                    (msg.executable, msg.target, msg.manifest_path)
                else {
                    continue;
                };
                if !target.kind.iter().any(|k| k == "test") {
                    continue;
                }
                binaries.push(TestBinary {
                    package: package.clone(),
                    target: target.name,
                    cwd: manifest.parent().unwrap_or(root).to_path_buf(),
                    path,
                });
            }
            "compiler-message" => {
                if let Some(Diagnostic {
                    level,
                    rendered: Some(text),
                }) = msg.message
                {
                    match level.as_str() {
                        "error" | "error: internal compiler error" => errors.push(text),
                        _ => warnings.push(text),
                    }
                }
            }
            _ => {}
        }
    }

    if status.success() {
        return Ok(Build::Built(binaries));
    }
    // Errors are why it failed. Without any, cargo's own words say why (an unknown
    // package or target shows up only there).
    let mut report = errors.join("");
    if report.trim().is_empty() {
        report = stderr;
    } else if !warnings.is_empty() {
        let n = warnings.len();
        let plural = if n == 1 { "" } else { "s" };
        report.push_str(&format!(
            "({n} warning{plural} not shown: fix the errors first)\n"
        ));
    }
    if report.trim().is_empty() {
        bail!("cargo test --no-run failed with {status} and printed nothing");
    }
    Ok(Build::CompileError(report))
}

/// The result of building every test target of a workspace at once (see
/// [`build_workspace`]): what built, and each package's compile errors.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceBuild {
    /// Every test binary that was built; `package` is its package folder's name.
    pub binaries: Vec<TestBinary>,
    /// The compiler's errors of each package that did not build, by folder name.
    pub errors: std::collections::BTreeMap<String, String>,
    /// Cargo's own words when it failed without a compiler error (a broken manifest).
    pub cargo_error: Option<String>,
}

/// Builds the test targets of every member of the workspace at `root` in one cargo call
/// (`cargo test --no-run --workspace --no-fail-fast`, which keeps building past a
/// failed member, as `--keep-going` does for `cargo build`): cargo shares the dependencies and
/// builds the members in parallel, and a compile error in one member does not stop the
/// others. Used for scratch workspaces whose members are named after their folders.
///
/// `target_dir` is where to build: the real workspace's target folder lets a scratch
/// workspace reuse its compiled dependencies (cargo keys them by version, features and
/// profile, not by workspace), as long as no member shares a name with a real one.
pub fn build_workspace(root: &Path, target_dir: &Path) -> anyhow::Result<WorkspaceBuild> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        .args([
            "test",
            "--no-run",
            "--workspace",
            "--no-fail-fast",
            "--message-format=json",
        ]);
    let mut child = spawn(&mut cmd, OWN_GROUP).with_context(|| {
        format!(
            "cannot run cargo ({}): is the Rust toolchain installed?",
            cargo()
        )
    })?;
    let stdout = Drain::start(child.stdout.take());
    let stderr = Drain::start(child.stderr.take());
    let never = AtomicBool::new(false);
    let Waited::Exited(status) = wait(&mut child, OWN_GROUP, None, &never, || {})? else {
        bail!("cargo was stopped");
    };
    let (stdout, stderr) = (stdout.finish(), stderr.finish());
    let folder = |manifest: &Path| {
        manifest
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut built = WorkspaceBuild::default();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<CargoMessage>(line) else {
            continue;
        };
        let Some(manifest) = msg.manifest_path else {
            continue;
        };
        match (msg.reason.as_str(), msg.target, msg.executable, msg.message) {
            ("compiler-artifact", Some(target), Some(path), _)
                if target.kind.iter().any(|k| k == "test") =>
            {
                built.binaries.push(TestBinary {
                    package: folder(&manifest),
                    target: target.name,
                    cwd: manifest.parent().unwrap_or(root).to_path_buf(),
                    path,
                });
            }
            ("compiler-message", _, _, Some(diagnostic))
                if diagnostic.level.starts_with("error") =>
            {
                let text = diagnostic.rendered.unwrap_or_default();
                built
                    .errors
                    .entry(folder(&manifest))
                    .or_default()
                    .push_str(&text);
            }
            _ => {}
        }
    }
    if !status.success() && built.errors.is_empty() {
        built.cargo_error = Some(format!("cargo test --no-run failed ({status}):\n{stderr}"));
    }
    Ok(built)
}

/// Runs one test binary, killing it after `timeout`.
pub fn run(binary: &TestBinary, timeout: Duration) -> anyhow::Result<Outcome> {
    run_with_stop(binary, timeout, &AtomicBool::new(false))
}

/// [`run`], but the binary is killed as soon as `stop` turns true (an `Err` holding
/// [`Stopped`]).
pub fn run_with_stop(
    binary: &TestBinary,
    timeout: Duration,
    stop: &AtomicBool,
) -> anyhow::Result<Outcome> {
    let (waited, mut output) = capture(binary, &[], timeout, stop)?;
    Ok(match waited {
        Waited::Exited(status) if status.success() => match not_a_pass(&output) {
            None => Outcome::Passed { output },
            Some(why) => {
                if !output.ends_with('\n') && !output.is_empty() {
                    output.push('\n');
                }
                output.push_str(&format!("{NOT_A_PASS}{why}\n"));
                Outcome::Failed { output }
            }
        },
        Waited::Exited(_) => Outcome::Failed { output },
        Waited::TimedOut => Outcome::TimedOut {
            after: timeout,
            output,
        },
        Waited::Stopped => return Err(Stopped.into()),
    })
}

/// The names of the tests in `binary` (`--list`), within a few seconds.
pub fn list(binary: &TestBinary, stop: &AtomicBool) -> anyhow::Result<Vec<String>> {
    let (waited, output) = capture(binary, &["--list", "--format", "terse"], LIST_TIMEOUT, stop)?;
    match waited {
        Waited::Exited(status) if status.success() => Ok(output
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .map(str::to_string)
            .collect()),
        Waited::Exited(status) => bail!("{} --list failed with {status}", binary.path.display()),
        Waited::TimedOut => bail!(
            "{} --list did not answer within {LIST_TIMEOUT:?}",
            binary.path.display()
        ),
        Waited::Stopped => Err(Stopped.into()),
    }
}

/// Runs `binary` with `args` as `cargo test` would, until it exits, `timeout` passes or
/// `stop` turns true; its standard output, then its standard error.
fn capture(
    binary: &TestBinary,
    args: &[&str],
    timeout: Duration,
    stop: &AtomicBool,
) -> anyhow::Result<(Waited, String)> {
    // The same folder and variables `cargo test` gives a test binary: a test may read
    // its fixtures relative to CARGO_MANIFEST_DIR at run time.
    let mut cmd = Command::new(&binary.path);
    cmd.args(args)
        .current_dir(&binary.cwd)
        .env("CARGO_MANIFEST_DIR", &binary.cwd)
        .env("CARGO_PKG_NAME", &binary.package)
        .env("RUST_BACKTRACE", "0")
        // The exercises' guide (crate `exercise-support`) adds a line after each failure
        // that says what to run next; the runner and the check say that themselves.
        .env("COURSE_GUIDE_QUIET", "1");
    let mut child = spawn(&mut cmd, !OWN_GROUP)
        .with_context(|| format!("cannot start test binary {}", binary.path.display()))?;
    // Read both pipes on their own threads: a test that prints more than a pipe buffer
    // would otherwise block forever on a full pipe while we wait for it to exit.
    let stdout = Drain::start(child.stdout.take());
    let stderr = Drain::start(child.stderr.take());
    let deadline = Some(Instant::now() + timeout);
    let waited = wait(&mut child, !OWN_GROUP, deadline, stop, || {})?;
    let mut output = stdout.finish();
    output.push_str(&stderr.finish());
    Ok((waited, output))
}

/// For [`spawn`], [`wait`] and [`kill`]: the child leads a process group of its own.
const OWN_GROUP: bool = true;

/// Starts `cmd` with no input and both outputs piped; with `own_group`, in a process
/// group of its own.
fn spawn(cmd: &mut Command, own_group: bool) -> std::io::Result<Child> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    if own_group {
        std::os::unix::process::CommandExt::process_group(cmd, 0);
    }
    // A program written a moment ago may still be open for writing in a process forked
    // meanwhile (by another thread, for its own child): the system refuses to run it
    // until that process has moved on. It takes moments; try again a few times.
    let mut tries = 0;
    loop {
        match cmd.spawn() {
            Err(err) if err.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 20 => {
                tries += 1;
                thread::sleep(Duration::from_millis(10));
            }
            spawned => return spawned,
        }
    }
}

/// How a wait for a child process ended.
enum Waited {
    Exited(ExitStatus),
    /// The deadline passed; the child was killed.
    TimedOut,
    /// `stop` turned true; the child was killed.
    Stopped,
}

/// Waits for `child` until it exits, the deadline passes or `stop` turns true; in the
/// last two cases kills it (with its group, if it has its `own_group`). Calls `tick` at
/// every poll.
fn wait(
    child: &mut Child,
    own_group: bool,
    deadline: Option<Instant>,
    stop: &AtomicBool,
    tick: impl Fn(),
) -> anyhow::Result<Waited> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Waited::Exited(status));
        }
        let verdict = if stop.load(Ordering::Relaxed) {
            Some(Waited::Stopped)
        } else if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            Some(Waited::TimedOut)
        } else {
            None
        };
        if let Some(verdict) = verdict {
            kill(child, own_group);
            child.wait()?;
            return Ok(verdict);
        }
        tick();
        // Polling keeps this simple and portable; 5 ms is invisible next to a build.
        thread::sleep(Duration::from_millis(5));
    }
}

/// Kills `child` and, on Unix when it has its `own_group`, every process in the group
/// (cargo's compilers). The child is not reaped yet, so its id, which is also its
/// group's, is not reused meanwhile.
fn kill(child: &mut Child, own_group: bool) {
    #[cfg(unix)]
    if own_group {
        let killed = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if killed.is_ok_and(|status| status.success()) {
            return;
        }
    }
    // The child may have exited just now; either way it is gone after this.
    let _ = child.kill();
}

/// A pipe read to the end on its own thread, keeping what arrived so far.
struct Drain {
    bytes: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Receiver<()>,
}

impl Drain {
    fn start(pipe: Option<impl Read + Send + 'static>) -> Self {
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let (tx, done) = mpsc::channel();
        let sink = Arc::clone(&bytes);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            if let Some(mut pipe) = pipe {
                // Stop at end of file, or at an error (the child was killed).
                while let Ok(n @ 1..) = pipe.read(&mut buf) {
                    sink.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .extend_from_slice(&buf[..n]);
                }
            }
            let _ = tx.send(());
        });
        Self { bytes, done }
    }

    /// True when the last line that arrived so far contains `text`.
    fn holds(&self, text: &str) -> bool {
        let bytes = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(400)..]);
        tail.trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.contains(text))
    }

    /// The output, once the pipe closed; or what came so far if it stays open a moment
    /// after the child exited (a grandchild process may still hold it).
    fn finish(self) -> String {
        let _ = self.done.recv_timeout(Duration::from_secs(1));
        let bytes = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The cargo to call: the one that started us (`$CARGO`), else `cargo` on the PATH.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What libtest prints for a run of two passing tests.
    const TWO_PASS: &str = "\nrunning 2 tests\ntest a ... ok\ntest b ... ok\n\n\
        test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; \
        finished in 0.00s\n\n";

    #[test]
    fn only_libtest_s_word_makes_a_pass() {
        assert_eq!(not_a_pass(TWO_PASS), None);
        // A `std::process::exit(0)` in the code under test: no summary.
        let cut_short = "\nrunning 2 tests\ntest a ... ok\n";
        assert!(
            not_a_pass(cut_short)
                .unwrap()
                .contains("std::process::exit")
        );
        assert_eq!(not_a_pass(""), not_a_pass(cut_short));
        let none = "\nrunning 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; \
                    0 measured; 0 filtered out; finished in 0.00s\n";
        assert_eq!(not_a_pass(none).as_deref(), Some("no test ran"));
        let ignored = "\nrunning 2 tests\ntest a ... ignored\ntest b ... ok\n\n\
            test result: ok. 1 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; \
            finished in 0.00s\n";
        assert_eq!(
            not_a_pass(ignored).as_deref(),
            Some("only 1 of its 2 tests ran")
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_exit_with_success_and_no_tests_is_a_failure_that_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let binary = fake_binary(dir.path(), "#!/bin/sh\necho 'running 1 test'\nexit 0\n");
        let outcome = run(&binary, Duration::from_secs(10)).unwrap();
        assert!(matches!(outcome, Outcome::Failed { .. }), "{outcome:?}");
        assert!(!outcome.failed_cleanly());
        let why = outcome.not_a_pass().unwrap();
        assert!(why.contains("before libtest's summary"), "{why}");
        assert!(
            outcome.output().starts_with("running 1 test\n"),
            "{outcome:?}"
        );

        let passing = fake_binary(dir.path(), &format!("#!/bin/sh\nprintf '{TWO_PASS}'\n"));
        let outcome = run(&passing, Duration::from_secs(10)).unwrap();
        assert!(matches!(outcome, Outcome::Passed { .. }), "{outcome:?}");
        assert_eq!(outcome.not_a_pass(), None);
    }

    #[test]
    fn summary_counts_are_read_by_name() {
        let summary = " 1 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished";
        assert_eq!(count(summary, "passed"), Some(1));
        assert_eq!(count(summary, "failed"), Some(3));
        assert_eq!(count(summary, "skipped"), None);
    }

    #[test]
    fn one_package_per_build() {
        let targets = |a: &str, b: &str| {
            [a, b].map(|package| Target {
                package: package.into(),
                test: None,
            })
        };
        let dir = tempfile::tempdir().unwrap();
        let err = build(dir.path(), &targets("a", "b")).unwrap_err();
        assert!(err.to_string().contains("one package at a time"), "{err}");
        assert!(build(dir.path(), &[]).is_err());
    }

    #[cfg(unix)]
    fn fake_binary(dir: &Path, script: &str) -> TestBinary {
        TestBinary {
            package: "exercises-07".into(),
            target: "fake".into(),
            path: crate::test_support::script(dir, script),
            cwd: dir.to_path_buf(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_binary_gets_cargo_s_package_variables() {
        let dir = tempfile::tempdir().unwrap();
        let mut binary = fake_binary(
            dir.path(),
            "#!/bin/sh\necho \"dir=$CARGO_MANIFEST_DIR name=$CARGO_PKG_NAME pwd=$(pwd -P)\"\n",
        );
        let cwd = dir.path().canonicalize().unwrap();
        binary.cwd = cwd.clone();
        let outcome = run(&binary, Duration::from_secs(10)).unwrap();
        let want = format!("dir={0} name=exercises-07 pwd={0}", cwd.display());
        assert!(outcome.output().starts_with(&want), "{outcome:?}");
    }

    #[test]
    fn a_clean_failure_is_told_apart_from_a_crash() {
        let failed = Outcome::Failed {
            output: "test result: FAILED. 0 passed; 1 failed".into(),
        };
        let crashed = Outcome::Failed {
            output: "Segmentation fault".into(),
        };
        assert!(failed.failed_cleanly());
        assert!(!crashed.failed_cleanly());
        assert_eq!(crashed.not_a_pass(), None);
    }

    #[cfg(unix)]
    #[test]
    fn raising_stop_kills_the_binary_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let hanging = fake_binary(dir.path(), "#!/bin/sh\nexec sleep 30\n");
        let stop = AtomicBool::new(false);
        let start = Instant::now();
        let result = thread::scope(|scope| {
            scope.spawn(|| {
                thread::sleep(Duration::from_millis(100));
                stop.store(true, Ordering::Relaxed);
            });
            run_with_stop(&hanging, Duration::from_secs(60), &stop)
        });
        let err = result.unwrap_err();
        assert!(err.is::<Stopped>(), "{err:#}");
        // Far below the 60 s timeout and the script's 30 s sleep (an outer bound, not a
        // speed claim).
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[cfg(unix)]
    #[test]
    fn a_hanging_binary_is_killed_at_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let hanging = fake_binary(dir.path(), "#!/bin/sh\necho started\nexec sleep 30\n");
        let limit = Duration::from_secs(2);
        match run(&hanging, limit).unwrap() {
            Outcome::TimedOut { after, output } => {
                assert_eq!(after, limit);
                assert!(output.contains("started"), "{output:?}");
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
    }

    /// What cargo's compilers go through when cargo is stopped.
    #[cfg(unix)]
    #[test]
    fn stopping_a_group_leader_stops_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("child.pid");
        let leader = crate::test_support::script(
            dir.path(),
            &format!(
                // Written whole, then renamed: it appears complete or not at all.
                "#!/bin/sh\nsleep 30 &\necho $! > '{0}.tmp'\nmv '{0}.tmp' '{0}'\nwait\n",
                pid_file.display()
            ),
        );
        let mut child = spawn(&mut Command::new(leader), OWN_GROUP).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !pid_file.exists() {
            assert!(
                Instant::now() < deadline,
                "the script never started its child"
            );
            thread::sleep(Duration::from_millis(10));
        }
        let stop = AtomicBool::new(true);
        let waited = wait(&mut child, OWN_GROUP, None, &stop, || {}).unwrap();
        assert!(matches!(waited, Waited::Stopped));
        let pid = fs_read_trimmed(&pid_file);
        // `kill -0` asks whether the process still exists. Killed, it may linger a
        // moment as a zombie until init reaps it: give it a little while.
        let gone = (0..100).any(|_| {
            let alive = Command::new("kill")
                .args(["-0", &pid])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
                && !is_zombie(&pid);
            if alive {
                thread::sleep(Duration::from_millis(50));
            }
            !alive
        });
        assert!(gone, "the leader's child {pid} outlived it");
    }

    #[cfg(unix)]
    fn fs_read_trimmed(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap().trim().to_string()
    }

    /// True when `ps` shows the process as a zombie (dead, not yet reaped).
    #[cfg(unix)]
    fn is_zombie(pid: &str) -> bool {
        Command::new("ps")
            .args(["-o", "stat=", "-p", pid])
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim().starts_with('Z'))
    }
}
