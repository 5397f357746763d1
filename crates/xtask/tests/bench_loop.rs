//! `cargo xtask bench-loop` with a stand-in cargo: it times edits of a scratch copy and
//! leaves the real step file alone, byte for byte, whatever it does meanwhile.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const LESSON: &str = include_str!("../../course/tests/fixtures/demo-lesson.toml");

fn script(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A stand-in for `cargo test --no-run --message-format=json -p P --test T …`: every
/// test target builds, as a test binary with one passing test. It notes the
/// `--target-dir` it was given.
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

#[test]
fn the_bench_edits_a_scratch_copy_never_the_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("course");
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

    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["bench-loop", "07-first", "--runs", "2"])
        .current_dir(&root)
        .env("CARGO", fake_cargo(dir.path()))
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
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
