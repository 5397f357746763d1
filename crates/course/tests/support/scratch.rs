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
//! Every wait has a deadline, so a broken runner fails the test instead of hanging it.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The first build of a scratch copy may compile tokio from nothing on a busy 2-core
/// machine; later checks take about a second.
pub const FIRST_BUILD: Duration = Duration::from_secs(600);
/// Any later step of a test.
pub const STEP: Duration = Duration::from_secs(60);

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
}

impl Scratch {
    /// A workspace holding lesson 01 only, committed to git.
    pub fn lesson_01() -> Self {
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
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `course ARGS` in the scratch workspace, building into the shared target folder,
    /// offline.
    pub fn course(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_course"));
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
            env!("CARGO_BIN_EXE_course"),
        )
    }

    pub fn exercise(&self, file: &str) -> PathBuf {
        self.root().join("exercises/01-sync-async").join(file)
    }

    pub fn solution(&self, file: &str) -> PathBuf {
        self.root().join("solutions/01-sync-async").join(file)
    }

    /// Copies a step's solution over its starter, as a learner's save would.
    pub fn solve(&self, file: &str) {
        fs::copy(self.solution(file), self.exercise(file)).unwrap();
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

/// Waits for `child` up to `limit`; kills it and fails the test after that.
pub fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the runner did not finish within {limit:?}");
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
