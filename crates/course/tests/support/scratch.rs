//! A scratch course workspace for the runner's end-to-end tests: a copy of lesson 01 (its
//! exercises, solutions and chapter) under a minimal root manifest, committed to a fresh
//! git repository so `course reset` has starters to restore.
//!
//! The exercise's step files are copied as the real repository has them committed, not
//! as its working tree holds them: a learner who has solved or broken steps of lesson 01
//! in their clone must not change what these tests see. The copy is built once, before
//! any test looks at the runner's screen, so a screen's wait starts only after the slow
//! first build and never stands for it.
//!
//! Builds go to `target/course-e2e`, shared by every scratch copy: the dependencies
//! (tokio and friends) are compiled once, the first time, and reused after. It is not
//! the workspace's own target folder on purpose: cargo names a workspace member's
//! artifacts after its path *relative to the workspace root*, so the scratch copy's
//! `exercises-01` would overwrite the real one's test binaries. For the same reason two
//! scratch copies must not build there at once (`cargo test -p course` and the tmux
//! check, say): a scratch copy holds a lock on `target/course-e2e/.lock` for its life.
//!
//! Every wait has a deadline, and all the waits of one process share a budget
//! ([`BUDGET`]), so a broken runner fails the test instead of hanging it.
//!
//! Used by the tests in this folder and by `examples/tmux_watch.rs`; neither may use
//! `env!("CARGO_BIN_EXE_course")` here (examples don't have it), so the runner's path is
//! handed in.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::fs::{self, File, TryLockError};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// The first build of a scratch copy may compile tokio from nothing on a busy 2-core
/// machine; it runs before any test starts watching the runner (see [`Scratch::lesson_01`]).
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
    /// The shared target folder's lock, held for as long as this copy may build there.
    _lock: File,
}

/// Takes the lock on the shared target folder, waiting for another run to end if need
/// be.
fn lock_target() -> File {
    let dir = target_dir();
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(".lock");
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .unwrap();
    if let Err(TryLockError::WouldBlock) = lock.try_lock() {
        let _ = writeln!(
            std::io::stderr(),
            "note: another end-to-end run of the course runner holds {}; waiting for it to end",
            path.display()
        );
        lock.lock().unwrap();
    }
    lock
}

impl Scratch {
    /// A workspace holding lesson 01 only, committed to git, run with the `course`
    /// binary at `bin`.
    pub fn lesson_01(bin: impl Into<PathBuf>) -> Self {
        explain_a_first_build();
        let lock = lock_target();
        bounded(Duration::ZERO); // The budget starts now, once the target is ours.
        let real = workspace();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        fs::write(root.join("Cargo.toml"), manifest(&real)).unwrap();
        fs::copy(real.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
        for folder in ["exercises/01-sync-async", "solutions/01-sync-async"] {
            copy_dir(&real.join(folder), &root.join(folder));
        }
        committed_starters(&real, root, Path::new("exercises/01-sync-async/src"));
        let page = "book/src/01-sync-async.md";
        fs::create_dir_all(root.join("book/src")).unwrap();
        if fs::copy(real.join(page), root.join(page)).is_err() {
            fs::write(root.join(page), "# Sync vs async\n").unwrap();
        }
        fs::write(root.join(".gitignore"), "/target\n/.course-state.*\n").unwrap();
        git(root, &["init", "--quiet"]);
        git(root, &["add", "."]);
        git(root, &["commit", "--quiet", "-m", "the course as shipped"]);
        let scratch = Self {
            dir,
            bin: bin.into(),
            _lock: lock,
        };
        scratch.build_first();
        scratch
    }

    /// Builds the exercise's tests once, so that the runner's first check takes seconds
    /// and every wait on its screen can be a short one.
    fn build_first(&self) {
        let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cargo
            .args(["test", "--no-run", "--quiet", "--package", "exercises-01"])
            .current_dir(self.root())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_NET_OFFLINE", "true")
            .stdin(Stdio::null());
        let built = output(cargo, FIRST_BUILD);
        assert!(
            built.status.success(),
            "the scratch copy of lesson 01 does not build:\n{}",
            text(&built.stderr)
        );
    }

    /// Lesson 01 as the scratch copy holds it.
    pub fn course_meta(&self) -> course::meta::Course {
        course::meta::Course::load(self.root()).expect("lesson 01 loads")
    }

    /// How many steps the course has.
    pub fn step_count(&self) -> usize {
        self.course_meta().steps().count()
    }

    /// "ID: title" of step `index` (0 is the first), as the runner heads it.
    pub fn heading(&self, index: usize) -> String {
        let course = self.course_meta();
        let (_, step) = course.steps().nth(index).expect("the step exists");
        format!("{}: {}", step.id, step.title)
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
        let course = self.course_meta();
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

/// Overwrites the files below `folder` in the copy at `root` with the real repository's
/// committed ones (`HEAD`); a file not committed yet keeps its working-tree copy.
fn committed_starters(real: &Path, root: &Path, folder: &Path) {
    for relative in course::starter::files_at_head(real, folder) {
        if let Some(bytes) = course::starter::at_head(real, &relative) {
            fs::write(root.join(&relative), bytes).unwrap();
        }
    }
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
    // Our own crates are not copied: their paths now point into the real workspace.
    if let Some(deps) = workspace
        .get_mut("dependencies")
        .and_then(|d| d.as_table_mut())
    {
        for (_, dep) in deps.iter_mut() {
            if let Some(dep) = dep.as_table_mut()
                && let Some(path) = dep.get("path").and_then(|p| p.as_str())
            {
                let absolute = real.join(path).display().to_string();
                dep.insert("path".into(), absolute.into());
            }
        }
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

/// A runner started by a test, killed if the test ends before it does (a failed
/// assertion): it must not live on, holding the test's output pipes open.
pub struct Started(Child);

impl Started {
    pub fn new(cmd: &mut Command) -> Self {
        Self(cmd.spawn().expect("the runner starts"))
    }
}

impl std::ops::Deref for Started {
    type Target = Child;

    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Started {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
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

/// Writes `line` and Enter to a runner's standard input.
pub fn send(stdin: &mut ChildStdin, line: &str) {
    writeln!(stdin, "{line}").unwrap();
    stdin.flush().unwrap();
}

/// A runner's output, line by line, read on a thread so that a wait can time out.
pub struct Lines {
    rx: Receiver<String>,
    seen: Vec<String>,
}

impl Lines {
    pub fn of(stdout: impl Read + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            rx,
            seen: Vec::new(),
        }
    }

    /// Reads until a line contains `want`; fails with everything seen after `limit`.
    pub fn expect(&mut self, want: &str, limit: Duration) {
        self.expect_where(&format!("{want:?}"), |line| line.contains(want), limit);
    }

    /// Every line until the output ends (within `limit`), joined.
    pub fn rest(&mut self, limit: Duration) -> String {
        let deadline = Instant::now() + bounded(limit);
        let mut rest = Vec::new();
        while let Ok(line) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            rest.push(line);
        }
        rest.join("\n")
    }

    /// Reads until a line is `headline`.
    pub fn expect_line(&mut self, headline: &Headline, limit: Duration) {
        self.expect_where(&headline.to_string(), |line| headline.matches(line), limit);
    }

    /// Reads until a line satisfies `wanted`; fails with everything seen after `limit`.
    fn expect_where(&mut self, what: &str, wanted: impl Fn(&str) -> bool, limit: Duration) {
        let limit = bounded(limit);
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(line) => {
                    let found = wanted(&line);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => panic!(
                    "no line {what} within {limit:?} (all waits: at most {BUDGET:?}); \
                     the runner said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}
