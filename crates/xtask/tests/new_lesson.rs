//! `cargo xtask new-lesson` end to end: in a scratch workspace (the shared kit, the real
//! manifest, lock file and book summary), the skeleton it writes is formatted, passes
//! clippy `-D warnings`, and its tests do what the course needs: the demo's pass, the
//! starter's fail, the solution's pass, and the known wrong answer fails with the text
//! its `Expect:` line names. A second run refuses to overwrite anything.
//!
//! Builds go to the real workspace's target folder: the skeleton's packages have names of
//! their own (`lesson-99`, …), and the shared crates are used from the real workspace by
//! path, so cargo reuses what `cargo test` has already built there. Offline: the lock
//! file pins every dependency.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The real workspace this crate lives in.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask sits two levels below the workspace root")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                workspace().join(dir)
            }
        })
        .unwrap_or_else(|| workspace().join("target"))
}

/// A workspace holding the real manifest (its shared crates used by path from the real
/// workspace), the lock file and the book's summary: what a new lesson is built against.
fn scratch() -> tempfile::TempDir {
    let real = workspace();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut manifest: toml::Table = fs::read_to_string(real.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let ws = manifest["workspace"].as_table_mut().unwrap();
    ws.remove("default-members");
    ws.insert(
        "members".into(),
        toml::Value::Array(vec![
            "crates/*".into(),
            "exercises/*".into(),
            "solutions/*".into(),
        ]),
    );
    let deps = ws["dependencies"].as_table_mut().unwrap();
    for (_, dep) in deps.iter_mut() {
        if let Some(dep) = dep.as_table_mut()
            && let Some(path) = dep.get("path").and_then(|p| p.as_str())
        {
            let absolute = real.join(path).display().to_string();
            dep.insert("path".into(), absolute.into());
        }
    }
    fs::write(root.join("Cargo.toml"), toml::to_string(&manifest).unwrap()).unwrap();
    fs::copy(real.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    fs::create_dir_all(root.join("crates")).unwrap();
    fs::create_dir_all(root.join("exercises")).unwrap();
    fs::create_dir_all(root.join("book/src")).unwrap();
    fs::copy(
        real.join("book/src/SUMMARY.md"),
        root.join("book/src/SUMMARY.md"),
    )
    .unwrap();
    fs::create_dir_all(root.join(".cargo")).unwrap();
    fs::write(root.join(".cargo/config.toml"), "[net]\noffline = true\n").unwrap();
    dir
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn cargo(root: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_skeleton_builds_lints_and_proves_its_step() {
    let dir = scratch();
    let root = dir.path();
    let made = xtask(root, &["new-lesson", "99", "scaffold-check"]);
    assert!(made.status.success(), "{}", text(&made));
    for file in [
        "crates/lesson-99-scaffold-check/src/main.rs",
        "exercises/99-scaffold-check/course.toml",
        "exercises/99-scaffold-check/src/s1_first.rs",
        "exercises/99-scaffold-check/tests/s1_first.rs",
        "solutions/99-scaffold-check/src/s1_first.rs",
        "solutions/99-scaffold-check/wrong/s1_first/adds-the-numbers.rs",
        "book/src/99-scaffold-check.md",
        "book/python/99_scaffold_check.py",
    ] {
        assert!(root.join(file).is_file(), "{file} was not written");
    }
    let summary = fs::read_to_string(root.join("book/src/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("- [99. Scaffold check](99-scaffold-check.md)"),
        "{summary}"
    );

    // Never twice: the second run refuses and changes nothing.
    let starter = root.join("exercises/99-scaffold-check/src/s1_first.rs");
    let generated = fs::read(&starter).unwrap();
    fs::write(&starter, "// my work\n").unwrap();
    let again = xtask(root, &["new-lesson", "99", "other-topic"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("exists already"), "{}", text(&again));
    assert_eq!(fs::read_to_string(&starter).unwrap(), "// my work\n");
    let shipped = fs::read_to_string(
        root.join("solutions/99-scaffold-check/wrong/s1_first/adds-the-numbers.rs"),
    )
    .unwrap();
    fs::write(&starter, &generated).unwrap();

    // The course metadata loads, and the step's anchor is a heading of the chapter.
    let course = course::meta::Course::load(root).unwrap();
    let (_, step) = course.step("99-first").unwrap();
    let chapter = fs::read_to_string(course.chapter_file(step)).unwrap();
    let anchor = step.chapter_anchor().unwrap();
    assert!(
        course::meta::heading_slugs(&chapter)
            .iter()
            .any(|s| s == anchor),
        "#{anchor} is not a heading of the chapter"
    );

    let fmt = cargo(root, &["fmt", "--all", "--check"]);
    assert!(fmt.status.success(), "{}", text(&fmt));
    let wrong = root.join("solutions/99-scaffold-check/wrong/s1_first/adds-the-numbers.rs");
    let rustfmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .arg(&wrong)
        .output()
        .unwrap();
    assert!(rustfmt.status.success(), "{}", text(&rustfmt));

    let packages = [
        "-p",
        "lesson-99",
        "-p",
        "exercises-99",
        "-p",
        "solutions-99",
    ];
    let mut clippy = vec!["clippy", "--all-targets"];
    clippy.extend(packages);
    clippy.extend(["--", "-D", "warnings"]);
    let clippy = cargo(root, &clippy);
    assert!(clippy.status.success(), "{}", text(&clippy));

    let demo = cargo(root, &["test", "-p", "lesson-99"]);
    assert!(demo.status.success(), "{}", text(&demo));
    let solved = cargo(root, &["test", "-p", "solutions-99"]);
    assert!(solved.status.success(), "{}", text(&solved));
    let starter_run = cargo(root, &["test", "-p", "exercises-99"]);
    assert!(
        !starter_run.status.success(),
        "the starter passes its tests"
    );
    assert!(
        text(&starter_run).contains("not yet implemented"),
        "{}",
        text(&starter_run)
    );

    // The known wrong answer compiles, fails, and says what its `Expect:` line says.
    let expect = shipped
        .lines()
        .find_map(|l| l.strip_prefix("//! Expect: "))
        .expect("an Expect line");
    fs::copy(&wrong, &starter).unwrap();
    let wrong_run = cargo(root, &["test", "-p", "exercises-99"]);
    assert!(!wrong_run.status.success(), "the wrong answer passes");
    assert!(text(&wrong_run).contains(expect), "{}", text(&wrong_run));
}
