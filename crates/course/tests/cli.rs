//! The runner's command line on a tiny made-up course: help, bad input (one line, exit
//! code 2), the progress file, and watch mode without a terminal. Nothing here compiles
//! Rust: where a build is needed, a stand-in `cargo` script answers.

#[path = "support/scratch.rs"]
mod scratch;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use scratch::{STEP, text};

const LESSON: &str = r#"
lesson = "07"
title = "Demo"
package = "exercises-07"
solution = "solutions-07"

[[steps]]
id = "07-first"
title = "The first step"
file = "src/s1_first.rs"
test = "s1_first"
chapter = "07-demo.md#step-1"
hint = "try harder"

[[steps]]
id = "07-second"
title = "The second step"
file = "src/s2_second.rs"
test = "s2_second"
chapter = "07-demo.md"
hint = "try again"
"#;

/// A course with one lesson of two steps, and solutions.
fn tiny_course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    for (side, body) in [("exercises", "todo!()"), ("solutions", "42")] {
        let src = root.join(side).join("07-demo/src");
        fs::create_dir_all(&src).unwrap();
        fs::write(src.join("s1_first.rs"), format!("// {side}\n{body}\n")).unwrap();
        fs::write(src.join("s2_second.rs"), format!("// {side}\n{body}\n")).unwrap();
    }
    fs::write(root.join("exercises/07-demo/course.toml"), LESSON).unwrap();
    dir
}

fn course(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_course"));
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    cmd
}

fn run(cmd: Command) -> Output {
    scratch::output(cmd, STEP)
}

/// Bad input: exit code 2 and exactly one line on stderr, naming the problem.
fn assert_one_line_error(out: &Output, says: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
}

#[test]
fn every_subcommand_has_help() {
    let dir = tiny_course();
    for sub in [
        "watch", "list", "verify", "hint", "reset", "solution", "bench",
    ] {
        let out = run(course(dir.path(), &[sub, "--help"]));
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{sub}: {stdout}");
        assert!(stdout.contains(&format!("Usage: course {sub}")), "{stdout}");
    }
    let top = text(&run(course(dir.path(), &["--help"])).stdout);
    for word in [
        "watch", "list", "verify", "hint", "reset", "solution", "bench", "--manual",
    ] {
        assert!(top.contains(word), "{word} missing from:\n{top}");
    }
}

#[test]
fn an_unknown_step_is_one_line() {
    let dir = tiny_course();
    for args in [
        &["hint", "07-nope"][..],
        &["reset", "07-nope", "--yes"],
        &["solution", "07-nope"],
        &["verify", "07-nope"],
        &["watch", "--step", "07-nope"],
        &["bench", "07-nope"],
    ] {
        assert_one_line_error(&run(course(dir.path(), args)), "07-nope");
    }
}

#[test]
fn no_workspace_is_one_line() {
    let empty = tempfile::tempdir().unwrap();
    assert_one_line_error(
        &run(course(empty.path(), &["list"])),
        "no course workspace found",
    );
}

#[test]
fn a_bad_flag_is_one_line() {
    let dir = tiny_course();
    assert_one_line_error(&run(course(dir.path(), &["--timeout", "0"])), "--timeout");
    assert_one_line_error(&run(course(dir.path(), &["frobnicate"])), "frobnicate");
}

#[test]
fn metadata_that_is_not_utf8_is_one_line() {
    let dir = tiny_course();
    fs::write(
        dir.path().join("exercises/07-demo/course.toml"),
        b"lesson = \"\xff\xfe\"\n",
    )
    .unwrap();
    assert_one_line_error(&run(course(dir.path(), &["list"])), "course.toml");
}

#[test]
fn a_missing_cargo_is_one_line() {
    let dir = tiny_course();
    let mut cmd = course(dir.path(), &["verify", "07-first"]);
    cmd.env("CARGO", dir.path().join("no-such-cargo"));
    assert_one_line_error(&run(cmd), "cannot run cargo");
}

#[test]
fn hint_names_the_page_and_the_file() {
    let dir = tiny_course();
    let out = run(course(dir.path(), &["hint", "07-first"]));
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    assert!(stdout.contains("try harder"), "{stdout}");
    assert!(
        stdout.contains("read  book/src/07-demo.md#step-1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("edit  exercises/07-demo/src/s1_first.rs"),
        "{stdout}"
    );
}

#[test]
fn a_corrupt_progress_file_is_reported_and_rebuilt() {
    let dir = tiny_course();
    let state = dir.path().join(".course-state.json");
    fs::write(&state, "{ this is not json").unwrap();
    let out = run(course(dir.path(), &["list"]));
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not be read"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(text(&out.stdout).contains("0/2 steps pass"));
    // Rebuilt: valid now, and the next run says nothing.
    let rebuilt = fs::read_to_string(&state).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&rebuilt).is_ok(),
        "{rebuilt}"
    );
    assert!(run(course(dir.path(), &["list"])).stderr.is_empty());
}

#[test]
fn progress_from_an_older_or_newer_course_is_tolerated() {
    let dir = tiny_course();
    fs::write(
        dir.path().join(".course-state.json"),
        r#"{"steps": {"06-gone": {"status": "passed"}, "07-first": {"status": "passed"}}}"#,
    )
    .unwrap();
    let out = run(course(dir.path(), &["list"]));
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(stdout.contains("1/2 steps pass"), "{stdout}");
    assert!(stdout.contains("next: 07-second"), "{stdout}");
}

/// What a `course bench` killed mid-run leaves behind: the step file edited, and the
/// backup of its original. Any next command puts the original back and says so once.
#[test]
fn a_stopped_bench_s_backup_is_put_back_by_the_next_command() {
    let dir = tiny_course();
    let file = dir.path().join("exercises/07-demo/src/s1_first.rs");
    let backups = dir.path().join("target/course-bench");
    fs::create_dir_all(&backups).unwrap();
    fs::write(backups.join("07-first.orig"), "my own work\n").unwrap();
    fs::write(&file, "// course bench: edit 3\nmy own work\n").unwrap();

    let out = run(course(dir.path(), &["list"]));
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("restored exercises/07-demo/src/s1_first.rs from its backup"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "my own work\n");
    assert!(!backups.join("07-first.orig").exists());
    // Done once: the next command has nothing to say.
    assert!(run(course(dir.path(), &["list"])).stderr.is_empty());
}

#[test]
fn the_solution_waits_for_a_pass_unless_forced() {
    let dir = tiny_course();
    let withheld = run(course(dir.path(), &["solution", "07-first"]));
    assert_eq!(withheld.status.code(), Some(1));
    assert!(!text(&withheld.stdout).contains("42"));
    let forced = run(course(dir.path(), &["solution", "07-first", "--force"]));
    assert!(text(&forced.stdout).contains("// solutions\n42"));

    fs::write(
        dir.path().join(".course-state.json"),
        r#"{"steps": {"07-first": {"status": "passed"}}}"#,
    )
    .unwrap();
    let shown = run(course(dir.path(), &["solution", "07-first"]));
    assert!(shown.status.success());
    assert!(text(&shown.stdout).contains("42"));
}

/// A stand-in for cargo that reports a compile error the way `cargo --message-format
/// json` does, and fails.
#[cfg(unix)]
fn fake_cargo(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let message = serde_json::json!({
        "reason": "compiler-message",
        "package_id": "path+file:///x/exercises/07-demo#exercises-07@0.0.0",
        "message": {
            "level": "error",
            "rendered": "error[E0308]: mismatched types\n --> exercises/07-demo/src/s1_first.rs:2:1\n",
        },
    });
    let script = dir.join("fake-cargo.sh");
    fs::write(
        &script,
        // printf, not echo: some shells' echo would turn the `\n`s into new lines.
        format!("#!/bin/sh\nprintf '%s\\n' '{message}'\nexit 101\n"),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[cfg(unix)]
#[test]
fn watch_without_a_terminal_checks_once_and_ends_with_its_input() {
    let dir = tiny_course();
    let mut cmd = course(dir.path(), &["--manual"]);
    cmd.env("CARGO", fake_cargo(dir.path()));
    // Standard input is empty (null): line mode, one check, then the end of input ends
    // the session normally.
    let out = run(cmd);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("line mode"), "{stdout}");
    assert!(stdout.contains("07-first: The first step"), "{stdout}");
    assert!(stdout.contains("✗ 07-first: does not compile"), "{stdout}");
    assert!(
        stdout.contains("error[E0308]: mismatched types"),
        "{stdout}"
    );
    assert!(
        stdout.contains("progress saved: 0 of 2 steps pass"),
        "{stdout}"
    );
}

/// Watch mode draws over the screen, so it shows the note itself, above the step.
#[cfg(unix)]
#[test]
fn watch_shows_that_it_put_a_stopped_bench_s_file_back() {
    let dir = tiny_course();
    let file = dir.path().join("exercises/07-demo/src/s1_first.rs");
    let backups = dir.path().join("target/course-bench");
    fs::create_dir_all(&backups).unwrap();
    fs::write(backups.join("07-first.orig"), "my own work\n").unwrap();
    fs::write(&file, "the solution\n").unwrap();

    let mut cmd = course(dir.path(), &["--manual"]);
    cmd.env("CARGO", fake_cargo(dir.path()));
    let out = run(cmd);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let note = stdout
        .find("restored exercises/07-demo/src/s1_first.rs from its backup")
        .expect(&stdout);
    assert!(
        note < stdout.find("07-first: The first step").unwrap(),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "my own work\n");
}

#[cfg(unix)]
#[test]
fn verify_counts_a_compile_error_as_a_failure() {
    let dir = tiny_course();
    let mut cmd = course(dir.path(), &["verify"]);
    cmd.env("CARGO", fake_cargo(dir.path()));
    let out = run(cmd);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("0 passed, 2 failed"),
        "{stdout}"
    );
}

/// The headline matcher the end-to-end tests wait on: every test of the step, any count.
#[test]
fn a_headline_matches_only_when_every_test_agrees() {
    let fail = scratch::all_fail("01-join");
    assert!(fail.matches("✗ 01-join: 2 of 2 tests fail"));
    assert!(fail.matches("  ✗ 01-join: 13 of 13 tests fail"));
    for other in [
        "✗ 01-join: 1 of 2 tests fail",
        "✗ 01-join: 0 of 0 tests fail",
        "✗ 01-join: does not compile",
        "✗ 01-joinx: 2 of 2 tests fail",
        "✓ 01-join: all 2 tests pass",
    ] {
        assert!(!fail.matches(other), "{other}");
    }
    let pass = scratch::all_pass("01-join");
    assert!(pass.matches("✓ 01-join: all 3 tests pass"));
    assert!(!pass.matches("✓ 01-join: all 0 tests pass"));
    assert!(!pass.matches("✗ 01-join: 2 of 2 tests fail"));
}
