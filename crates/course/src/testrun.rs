//! Build a test target with cargo, then run its binary under a timeout.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;

/// The default limit for one test binary: generous for these small tests, short enough
/// that a deadlock is reported while the learner is still looking.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

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

/// The work was stopped on request (the runner is quitting); its child was killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped on request")]
pub struct Stopped;

/// The result of running one test binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed {
        output: String,
    },
    /// The tests ran and at least one failed (or the binary crashed).
    Failed {
        output: String,
    },
    /// The binary did not finish in time; it was killed.
    TimedOut {
        after: Duration,
        output: String,
    },
}

impl Outcome {
    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Passed { .. })
    }

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
}

/// One line of `cargo --message-format=json` output; only the fields we use.
#[derive(Debug, Deserialize)]
struct CargoMessage {
    reason: String,
    #[serde(default)]
    package_id: String,
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

/// Builds the test binaries of `targets` in one cargo call (`cargo test --no-run`).
///
/// Returns `Err` only when cargo itself cannot be run; a compile error is a normal
/// [`Build::CompileError`].
pub fn build(root: &Path, targets: &[Target]) -> anyhow::Result<Build> {
    build_with_stop(root, targets, &AtomicBool::new(false))
}

/// [`build`], but cargo is killed as soon as `stop` turns true, and the result is then
/// an `Err` holding [`Stopped`]. The course runner uses this to quit promptly mid-build.
pub fn build_with_stop(
    root: &Path,
    targets: &[Target],
    stop: &AtomicBool,
) -> anyhow::Result<Build> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["test", "--no-run", "--message-format=json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for target in targets {
        cmd.args(["--package", &target.package]);
        if let Some(test) = &target.test {
            cmd.args(["--test", test]);
        }
    }
    let mut child = cmd.spawn().with_context(|| {
        format!(
            "cannot run cargo ({}): is the Rust toolchain installed?",
            cargo()
        )
    })?;
    let stdout = Drain::start(child.stdout.take());
    let stderr = Drain::start(child.stderr.take());
    let status = match wait(&mut child, None, stop)? {
        Waited::Exited(status) => status,
        Waited::TimedOut | Waited::Stopped => return Err(Stopped.into()),
    };
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
                    package: package_name(&msg.package_id, &manifest),
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
    // The same folder and variables `cargo test` gives a test binary: a test may read
    // its fixtures relative to CARGO_MANIFEST_DIR at run time.
    let mut child = Command::new(&binary.path)
        .current_dir(&binary.cwd)
        .env("CARGO_MANIFEST_DIR", &binary.cwd)
        .env("CARGO_PKG_NAME", &binary.package)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start test binary {}", binary.path.display()))?;

    // Read both pipes on their own threads: a test that prints more than a pipe buffer
    // would otherwise block forever on a full pipe while we wait for it to exit.
    let stdout = Drain::start(child.stdout.take());
    let stderr = Drain::start(child.stderr.take());
    let waited = wait(&mut child, Some(Instant::now() + timeout), stop)?;
    let mut output = stdout.finish();
    output.push_str(&stderr.finish());

    Ok(match waited {
        Waited::Exited(status) if status.success() => Outcome::Passed { output },
        Waited::Exited(_) => Outcome::Failed { output },
        Waited::TimedOut => Outcome::TimedOut {
            after: timeout,
            output,
        },
        Waited::Stopped => return Err(Stopped.into()),
    })
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
/// last two cases kills it.
fn wait(child: &mut Child, deadline: Option<Instant>, stop: &AtomicBool) -> anyhow::Result<Waited> {
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
            // The child may have exited just now; either way it is gone after this.
            let _ = child.kill();
            child.wait()?;
            return Ok(verdict);
        }
        // Polling keeps this simple and portable; 5 ms is invisible next to a build.
        thread::sleep(Duration::from_millis(5));
    }
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

    /// The output, once the pipe closed; or what came so far if it stays open a moment
    /// after the child exited (a grandchild process may still hold it).
    fn finish(self) -> String {
        let _ = self.done.recv_timeout(Duration::from_secs(1));
        let bytes = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The package name, from the package id; failing that, the manifest's folder name.
///
/// Cargo writes ids in two forms: `path+file:///…/exercises/01-sync-async#exercises-01@0.0.0`
/// and, when the folder is named like the package, just `path+file:///…/crates/kit#0.0.0`.
fn package_name(package_id: &str, manifest: &Path) -> String {
    if let Some((url, fragment)) = package_id.rsplit_once('#') {
        let name = match fragment.split_once('@') {
            Some((name, _version)) => name,
            // No `@`: the fragment is only the version; the name is the last segment.
            None => url.rsplit('/').next().unwrap_or_default(),
        };
        if !name.is_empty() {
            return name.to_string();
        }
    }
    manifest
        .parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The cargo to call: the one that started us (`$CARGO`), else `cargo` on the PATH.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_come_from_the_id() {
        let manifest = Path::new("/w/elsewhere/Cargo.toml");
        let id = "path+file:///w/exercises/01-sync-async#exercises-01@0.0.0";
        assert_eq!(package_name(id, manifest), "exercises-01");
        // The short form, when the folder is named like the package.
        assert_eq!(
            package_name("path+file:///w/crates/kit#0.0.0", manifest),
            "kit"
        );
        assert_eq!(
            package_name(
                "registry+https://github.com/rust-lang/crates.io-index#serde@1.0.0",
                manifest
            ),
            "serde"
        );
        // No id at all: the manifest's folder.
        assert_eq!(package_name("", manifest), "elsewhere");
    }

    #[cfg(unix)]
    #[test]
    fn the_binary_gets_cargo_s_package_variables() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("env.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\necho \"dir=$CARGO_MANIFEST_DIR name=$CARGO_PKG_NAME pwd=$(pwd -P)\"\n",
        )
        .unwrap();
        let mut perms = std::fs::metadata(&script).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&script, perms).unwrap();
        let cwd = dir.path().canonicalize().unwrap();
        let binary = TestBinary {
            package: "exercises-07".into(),
            target: "env".into(),
            path: script,
            cwd: cwd.clone(),
        };
        let outcome = run(&binary, Duration::from_secs(10)).unwrap();
        let want = format!("dir={0} name=exercises-07 pwd={0}", cwd.display());
        assert_eq!(outcome.output().trim(), want, "{outcome:?}");
        assert!(outcome.passed());
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
        assert!(!failed.passed());
    }

    #[cfg(unix)]
    #[test]
    fn raising_stop_kills_the_binary_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("hang.sh");
        std::fs::write(&script, "#!/bin/sh\nexec sleep 30\n").unwrap();
        let mut perms = std::fs::metadata(&script).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&script, perms).unwrap();
        let hanging = TestBinary {
            package: "demo".into(),
            target: "hang".into(),
            path: script,
            cwd: dir.path().to_path_buf(),
        };
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
        let binary = TestBinary {
            package: "demo".into(),
            target: "sleepy".into(),
            path: PathBuf::from("/bin/sleep"),
            cwd: std::env::temp_dir(),
        };
        // `sleep` with no argument exits at once with an error; give it a long nap via a
        // wrapper script instead.
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("hang.sh");
        std::fs::write(&script, "#!/bin/sh\necho started\nexec sleep 30\n").unwrap();
        let mut perms = std::fs::metadata(&script).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&script, perms).unwrap();

        let hanging = TestBinary {
            path: script,
            ..binary
        };
        let start = Instant::now();
        let outcome = run(&hanging, Duration::from_millis(300)).unwrap();
        assert!(start.elapsed() < Duration::from_secs(10));
        match outcome {
            Outcome::TimedOut { after, output } => {
                assert_eq!(after, Duration::from_millis(300));
                assert!(output.contains("started"), "{output:?}");
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
    }
}
