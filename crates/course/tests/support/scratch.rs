//! A scratch course workspace for the runner's end-to-end tests: a copy of lesson 01 (its
//! exercises, solutions and chapter) under a minimal root manifest, committed to a fresh
//! git repository so `course reset` has starters to restore.
//!
//! Builds go to `target/course-e2e`, shared by every scratch copy: the dependencies
//! (tokio and friends) are compiled once, the first time, and reused after. It is not
//! the workspace's own target folder on purpose: cargo names a workspace member's
//! artifacts after its path *relative to the workspace root*, so the scratch copy's
//! `exercises-01` would overwrite the real one's test binaries.
//!
//! Every wait has a deadline, and all the waits of one process share a budget
//! ([`BUDGET`]), so a broken runner fails the test instead of hanging it.
//!
//! Used by the tests in this folder and by `examples/tmux_watch.rs`; neither may use
//! `env!("CARGO_BIN_EXE_course")` here (examples don't have it), so the runner's path is
//! handed in.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// The first build of a scratch copy may compile tokio from nothing on a busy 2-core
/// machine; later checks take about a second.
pub const FIRST_BUILD: Duration = Duration::from_secs(600);
/// Any later step of a test.
pub const STEP: Duration = Duration::from_secs(60);
/// All the waits of one test process together: the outer bound on a run, whatever
/// each wait's own limit. A cold first build plus every later step fits well inside.
pub const BUDGET: Duration = Duration::from_secs(900);

static STARTED: OnceLock<Instant> = OnceLock::new();

/// `limit`, cut down to what is left of the process's [`BUDGET`].
pub fn bounded(limit: Duration) -> Duration {
    let spent = STARTED.get_or_init(Instant::now).elapsed();
    limit.min(BUDGET.saturating_sub(spent))
}

/// The real workspace this crate lives in.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/course sits two levels below the workspace root")
        .to_path_buf()
}

/// The shared target folder of scratch copies.
pub fn target_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    target.join("course-e2e")
}

pub struct Scratch {
    dir: tempfile::TempDir,
    /// The `course` binary under test.
    bin: PathBuf,
}

impl Scratch {
    /// A workspace holding lesson 01 only, committed to git, run with the `course`
    /// binary at `bin`.
    pub fn lesson_01(bin: impl Into<PathBuf>) -> Self {
        bounded(Duration::ZERO); // The budget starts now.
        explain_a_first_build();
        let real = workspace();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        fs::write(root.join("Cargo.toml"), manifest(&real)).unwrap();
        fs::copy(real.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
        for folder in ["exercises/01-sync-async", "solutions/01-sync-async"] {
            copy_dir(&real.join(folder), &root.join(folder));
        }
        let page = "book/src/01-sync-async.md";
        fs::create_dir_all(root.join("book/src")).unwrap();
        if fs::copy(real.join(page), root.join(page)).is_err() {
            fs::write(root.join(page), "# Sync vs async\n").unwrap();
        }
        fs::write(root.join(".gitignore"), "/target\n/.course-state.json\n").unwrap();
        git(root, &["init", "--quiet"]);
        git(root, &["add", "."]);
        git(root, &["commit", "--quiet", "-m", "the course as shipped"]);
        Self {
            dir,
            bin: bin.into(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `course ARGS` in the scratch workspace, building into the shared target folder,
    /// offline.
    pub fn course(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(args)
            .current_dir(self.root())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_NET_OFFLINE", "true")
            .stdin(Stdio::null());
        cmd
    }

    /// The same environment as a shell command line, for tmux.
    pub fn course_shell(&self, args: &str) -> String {
        format!(
            "cd '{}' && env CARGO_TARGET_DIR='{}' CARGO_NET_OFFLINE=true '{}' {args}",
            self.root().display(),
            target_dir().display(),
            self.bin.display(),
        )
    }

    pub fn exercise(&self, file: &str) -> PathBuf {
        self.root().join("exercises/01-sync-async").join(file)
    }

    pub fn solution(&self, file: &str) -> PathBuf {
        self.root().join("solutions/01-sync-async").join(file)
    }

    /// The first words of a step's hint, as the course metadata has it: what the runner
    /// shows first when asked for the hint (however the lines are wrapped after).
    pub fn hint_start(&self, id: &str) -> String {
        let course = course::meta::Course::load(self.root()).expect("lesson 01 loads");
        let (_, step) = course.step(id).expect("the step exists");
        let words: Vec<&str> = step.hint.split_whitespace().take(3).collect();
        words.join(" ")
    }

    /// Copies a step's solution over its starter, as a learner's save would.
    pub fn solve(&self, file: &str) {
        fs::copy(self.solution(file), self.exercise(file)).unwrap();
    }
}

/// A check's headline the tests wait for, whatever the number of tests in the step
/// (the lesson may gain one without breaking these tests).
#[derive(Debug, Clone)]
pub struct Headline {
    id: String,
    pass: bool,
}

/// `✗ ID: N of N tests fail`: every test of the step ran and failed, as a starter does.
pub fn all_fail(id: &str) -> Headline {
    Headline {
        id: id.to_string(),
        pass: false,
    }
}

/// `✓ ID: all N tests pass`.
pub fn all_pass(id: &str) -> Headline {
    Headline {
        id: id.to_string(),
        pass: true,
    }
}

impl Headline {
    /// True when `line` is this headline, for some number of tests above zero.
    pub fn matches(&self, line: &str) -> bool {
        let number = |n: &str| n.parse::<u32>().ok().filter(|&n| n > 0);
        if self.pass {
            let Some(rest) = line.trim().strip_prefix(&format!("✓ {}: all ", self.id)) else {
                return false;
            };
            rest.strip_suffix(" tests pass").and_then(number).is_some()
        } else {
            let Some(rest) = line.trim().strip_prefix(&format!("✗ {}: ", self.id)) else {
                return false;
            };
            let Some((failed, of)) = rest
                .strip_suffix(" tests fail")
                .and_then(|r| r.split_once(" of "))
            else {
                return false;
            };
            number(failed).is_some() && number(failed) == number(of)
        }
    }
}

impl std::fmt::Display for Headline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pass {
            true => write!(f, "\"✓ {}: all N tests pass\"", self.id),
            false => write!(f, "\"✗ {}: N of N tests fail\"", self.id),
        }
    }
}

/// Says why the first run is slow, where the learner or CI sees it: written straight to
/// standard error, which libtest does not capture (it captures `print!` and `eprint!`).
fn explain_a_first_build() {
    static ONCE: OnceLock<()> = OnceLock::new();
    let target = target_dir();
    if target.exists() || ONCE.set(()).is_err() {
        return;
    }
    let _ = writeln!(
        std::io::stderr(),
        "note: first run of the course runner's end-to-end tests: building lesson 01 and its \
         dependencies (tokio, futures, ...) into {}, which takes about a minute on 2 cores; \
         later runs reuse it. It is a separate target folder because cargo names a member's \
         build artifacts after its path inside the workspace, so the scratch copy's \
         exercises-01 would overwrite the real one's in target/.",
        target.display()
    );
}

/// The real root manifest, cut down to a workspace of `exercises/*` and `solutions/*`
/// (same dependencies, lints and profiles, so the same builds).
fn manifest(real: &Path) -> String {
    let text = fs::read_to_string(real.join("Cargo.toml")).unwrap();
    let mut manifest: toml::Table = text.parse().unwrap();
    let workspace = manifest["workspace"].as_table_mut().unwrap();
    workspace.insert(
        "members".into(),
        toml::Value::Array(vec!["exercises/*".into(), "solutions/*".into()]),
    );
    workspace.remove("default-members");
    // Our own crates are not copied: drop the path dependencies that point at them.
    if let Some(deps) = workspace
        .get_mut("dependencies")
        .and_then(|d| d.as_table_mut())
    {
        deps.retain(|_, dep| dep.get("path").is_none());
    }
    toml::to_string(&manifest).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=course test",
            "-c",
            "user.email=test@localhost",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .expect("the course's tests need git on the PATH");
    assert!(status.success(), "git {args:?} failed");
}

/// Runs `cmd` to the end, killing it after `limit`.
pub fn output(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait(&mut child, limit);
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Waits for `child` up to `limit` (within the [`BUDGET`]); kills it and fails the
/// test after that.
pub fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let limit = bounded(limit);
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the runner did not finish within {limit:?} (all waits: at most {BUDGET:?})");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
