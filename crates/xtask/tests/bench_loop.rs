//! `cargo xtask bench-loop` with a stand-in cargo: it times edits of a scratch copy and
//! leaves the real step file alone, byte for byte, whatever it does meanwhile.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const LESSON: &str = include_str!("../../course/tests/fixtures/demo-lesson.toml");

fn script(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A stand-in for `cargo test --no-run --message-format=json -p P --test T …`: every
/// test target builds, as a test binary with one passing test. It notes the
/// `--target-dir` it was given. With `FAKE_BUILD_PID` set, it writes its process id there
/// and builds for ever.
fn fake_cargo(dir: &Path) -> PathBuf {
    let test = script(
        dir,
        "fake-test.sh",
        "#!/bin/sh\necho 'running 1 test'\necho 'test it_works ... ok'\necho\n\
         echo 'test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; \
         finished in 0.00s'\n",
    );
    let cargo = format!(
        r#"#!/bin/sh
if [ -n "${{FAKE_BUILD_PID:-}}" ]; then
    echo $$ > "$FAKE_BUILD_PID.tmp"
    mv "$FAKE_BUILD_PID.tmp" "$FAKE_BUILD_PID"
    exec sleep 600
fi
prev=""
for arg; do
    if [ "$prev" = --target-dir ]; then echo "$arg" > "{notes}"; fi
    if [ "$prev" = --test ]; then
        printf '{{"reason":"compiler-artifact","manifest_path":"%s/exercises/07-demo/Cargo.toml","target":{{"name":"%s","kind":["test"]}},"executable":"{test}"}}\n' "$(pwd)" "$arg"
    fi
    prev="$arg"
done
"#,
        notes = dir.join("target-dir.txt").display(),
        test = test.display()
    );
    script(dir, "fake-cargo.sh", &cargo)
}

/// A course of one lesson (the runner's demo lesson) in `dir/course`; its step 1 file.
fn tiny_course(dir: &Path) -> (PathBuf, PathBuf) {
    let root = dir.join("course");
    let src = root.join("exercises/07-demo/src");
    fs::create_dir_all(&src).unwrap();
    fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"exercises/*\"]\n",
    )
    .unwrap();
    fs::write(root.join("exercises/07-demo/course.toml"), LESSON).unwrap();
    fs::write(
        root.join("exercises/07-demo/Cargo.toml"),
        "[package]\nname = \"exercises-07\"\n",
    )
    .unwrap();
    let step = src.join("s1_first.rs");
    fs::write(&step, "// my own work\n").unwrap();
    (root, step)
}

fn bench(dir: &Path, root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.args(["bench-loop", "07-first", "--runs", "2"])
        .current_dir(root)
        .env("CARGO", fake_cargo(dir))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .stdin(Stdio::null());
    cmd
}

#[test]
fn the_bench_edits_a_scratch_copy_never_the_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let (root, step) = tiny_course(dir.path());

    let out = bench(dir.path(), &root).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("edit  1: "), "{stdout}");
    assert!(stdout.contains("edit  2: "), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("edit → result for 07-first: median ")),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&step).unwrap(), "// my own work\n");
    // Builds go to a folder of their own, not the real workspace's target/.
    let target = fs::read_to_string(dir.path().join("target-dir.txt")).unwrap();
    assert_eq!(
        target.trim(),
        dir.path().join("target/bench-loop").display().to_string()
    );
    // The scratch copy is gone.
    let scratch = stdout
        .split("in a scratch copy (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect(&stdout);
    assert!(!Path::new(scratch).exists(), "{scratch} was left behind");
}

/// Ctrl-C stops the build the bench started (cargo runs in a process group of its own,
/// out of the terminal's reach), and the bench ends, saying so.
#[test]
fn ctrl_c_stops_the_bench_and_its_cargo() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _) = tiny_course(dir.path());
    let pid_file = dir.path().join("cargo.pid");
    let mut child = bench(dir.path(), &root)
        .env("FAKE_BUILD_PID", &pid_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let limit = Duration::from_secs(60);
    let deadline = Instant::now() + limit;
    while !pid_file.exists() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the stand-in cargo never started");
        }
        thread::sleep(Duration::from_millis(20));
    }
    let cargo = fs::read_to_string(&pid_file).unwrap().trim().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the bench did not stop within {limit:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert_eq!(status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("stopped (Ctrl-C)"), "{stdout}");
    // Killed, cargo may linger a moment as a zombie until init reaps it.
    while alive(&cargo) {
        assert!(
            Instant::now() < deadline,
            "cargo ({cargo}) outlived the bench"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// True while process `pid` exists and is not a zombie.
fn alive(pid: &str) -> bool {
    let out = Command::new("ps")
        .args(["-o", "stat=", "-p", pid])
        .output()
        .unwrap();
    let stat = String::from_utf8_lossy(&out.stdout);
    out.status.success() && !stat.trim().is_empty() && !stat.trim().starts_with('Z')
}
