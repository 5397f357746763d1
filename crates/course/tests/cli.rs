//! The runner's command line on a tiny made-up course: help, bad input (one line, exit
//! code 2), the progress file, and watch mode without a terminal. Nothing here compiles
//! Rust: where a build is needed, a stand-in `cargo` script answers.

#[path = "support/scratch.rs"]
mod scratch;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use scratch::{Lines, STEP, send, text};

/// The made-up lesson of three steps the unit tests use too.
const LESSON: &str = include_str!("fixtures/demo-lesson.toml");
const FILES: [&str; 3] = ["s1_first.rs", "s2_second.rs", "s3_third.rs"];

/// A course with the demo lesson, and solutions.
fn tiny_course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    for (side, body) in [("exercises", "todo!()"), ("solutions", "42")] {
        let src = root.join(side).join("07-demo/src");
        fs::create_dir_all(&src).unwrap();
        for file in FILES {
            fs::write(src.join(file), format!("// {side}\n{body}\n")).unwrap();
        }
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
        "watch", "list", "verify", "hint", "reset", "solution", "book",
    ] {
        let out = run(course(dir.path(), &[sub, "--help"]));
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{sub}: {stdout}");
        assert!(stdout.contains(&format!("Usage: course {sub}")), "{stdout}");
    }
    let top = text(&run(course(dir.path(), &["--help"])).stdout);
    for word in [
        "watch", "list", "verify", "hint", "reset", "solution", "book", "--manual",
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
        &["book", "07-nope"],
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
    let out = run(course(dir.path(), &["hint", "07-second"]));
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    assert!(stdout.contains("try again"), "{stdout}");
    assert!(stdout.contains("read  book/src/07-demo.md\n"), "{stdout}");
    assert!(
        stdout.contains("edit  exercises/07-demo/src/s2_second.rs"),
        "{stdout}"
    );
}

#[test]
fn a_corrupt_progress_file_is_reported_kept_aside_and_rebuilt() {
    let dir = tiny_course();
    let state = dir.path().join(".course-state.json");
    fs::write(&state, "{ this is not json").unwrap();
    let out = run(course(dir.path(), &["list"]));
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not be read"), "{stderr}");
    assert!(stderr.contains(".course-state.json.bad"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(text(&out.stdout).contains("0/3 steps pass"));
    // Kept for the learner to look at, and rebuilt: valid now, and the next run says
    // nothing.
    let bad = dir.path().join(".course-state.json.bad");
    assert_eq!(fs::read_to_string(bad).unwrap(), "{ this is not json");
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
        r#"{"version": 1, "steps": {"06-gone": {"status": "passed"},
            "07-first": {"status": "passed", "checked_at": 1732240000}}}"#,
    )
    .unwrap();
    let out = run(course(dir.path(), &["list"]));
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(stdout.contains("1/3 steps pass"), "{stdout}");
    assert!(stdout.contains("next: 07-second"), "{stdout}");
}

#[test]
fn watch_options_are_refused_beside_another_command() {
    let dir = tiny_course();
    assert_one_line_error(&run(course(dir.path(), &["--manual", "list"])), "--manual");
    assert_one_line_error(
        &run(course(
            dir.path(),
            &["--step", "07-first", "hint", "07-first"],
        )),
        "--step",
    );
    // --timeout is for every command.
    let out = run(course(dir.path(), &["--timeout", "5", "list"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_solution_waits_for_a_pass_unless_forced() {
    let dir = tiny_course();
    let withheld = run(course(dir.path(), &["solution", "07-first"]));
    assert_eq!(withheld.status.code(), Some(1));
    assert!(!text(&withheld.stdout).contains("42"));
    let stderr = text(&withheld.stderr);
    assert!(
        stderr.starts_with("error: 07-first has not passed"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
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

/// A stand-in for `cargo test --no-run --message-format=json -p P --test T …`. It
/// answers as cargo does, with the test binaries `fake_test` stands in for; with
/// `FAKE_BROKEN` set to test targets (separated by spaces), those targets do not compile;
/// set to `lib`, the lesson's library does not (an error in step 3's file,
/// `src/s3_third.rs`). With `FAKE_BUILD_PID` set, it writes its process id there and
/// builds for ever (a long first build).
#[cfg(unix)]
fn fake_cargo(dir: &Path) -> PathBuf {
    let test = script(dir, "fake-test.sh", FAKE_TEST);
    let cargo = format!(
        r#"#!/bin/sh
error() {{
    printf '{{"reason":"compiler-message","message":{{"level":"error","rendered":"error[E0308]: mismatched types\\n --> %s:2:1\\n"}}}}\n' "$1"
    exit 101
}}
if [ -n "${{FAKE_BUILD_PID:-}}" ]; then
    echo $$ > "$FAKE_BUILD_PID.tmp"
    mv "$FAKE_BUILD_PID.tmp" "$FAKE_BUILD_PID"
    exec sleep 600
fi
prev=""
for arg; do
    if [ "$prev" = --test ]; then
        case " ${{FAKE_BROKEN:-}} " in
            *" lib "*) error exercises/07-demo/src/s3_third.rs ;;
            *" $arg "*) error "exercises/07-demo/tests/$arg.rs" ;;
        esac
    fi
    prev="$arg"
done
prev=""
for arg; do
    if [ "$prev" = --test ]; then
        printf '{{"reason":"compiler-artifact","manifest_path":"%s/exercises/07-demo/Cargo.toml","target":{{"name":"%s","kind":["test"]}},"executable":"{test}"}}\n' "$(pwd)" "$arg"
    fi
    prev="$arg"
done
"#,
        test = test.display()
    );
    script(dir, "fake-cargo.sh", &cargo)
}

/// A stand-in test binary: one test that passes, or (`FAKE_RESULT=exit0`) an exit with
/// success before any test finished, as a `std::process::exit(0)` in the code would.
///
/// `FAKE_STARTED`: a file it creates on start. `FAKE_HANG_UNLESS`: a file without which
/// it hangs (as a deadlocked test would).
#[cfg(unix)]
const FAKE_TEST: &str = "#!/bin/sh
if [ -n \"${FAKE_STARTED:-}\" ]; then : > \"$FAKE_STARTED\"; fi
if [ -n \"${FAKE_HANG_UNLESS:-}\" ] && [ ! -e \"$FAKE_HANG_UNLESS\" ]; then exec sleep 600; fi
echo 'running 1 test'
if [ \"${FAKE_RESULT:-}\" = exit0 ]; then exit 0; fi
echo 'test it_works ... ok'
echo
echo 'test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s'
";

#[cfg(unix)]
fn script(dir: &Path, name: &str, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// `course ARGS` with the stand-in cargo, one step target broken (or none, or `lib`).
#[cfg(unix)]
fn with_fake_cargo(dir: &Path, args: &[&str], broken: &str) -> Command {
    let mut cmd = course(dir, args);
    cmd.env("CARGO", fake_cargo(dir)).env("FAKE_BROKEN", broken);
    cmd
}

#[cfg(unix)]
#[test]
fn watch_without_a_terminal_checks_once_and_ends_with_its_input() {
    let dir = tiny_course();
    // Standard input is empty (null): line mode, one check, then the end of input ends
    // the session normally.
    let out = run(with_fake_cargo(dir.path(), &["--manual"], "s1_first"));
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
        stdout.contains("progress saved: 0 of 3 steps pass"),
        "{stdout}"
    );
}

/// An error that stops a check (here: no cargo) is shown, and the session goes on.
#[test]
fn watch_shows_an_error_and_carries_on() {
    let dir = tiny_course();
    let mut cmd = course(dir.path(), &["--manual"]);
    cmd.env("CARGO", dir.path().join("no-such-cargo"));
    let out = run(cmd);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("error: cannot run cargo"), "{stdout}");
    assert!(stdout.contains("progress saved: 0 of 3"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn verify_blames_only_the_step_whose_tests_do_not_compile() {
    let dir = tiny_course();
    let out = run(with_fake_cargo(dir.path(), &["verify", "07"], "s2_second"));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("✓ 07-first: the test passes"), "{stdout}");
    assert!(
        stdout.contains("✗ 07-second: does not compile\n"),
        "{stdout}"
    );
    assert!(stdout.contains("✓ 07-third: the test passes"), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("2 passed, 1 failed"),
        "{stdout}"
    );
}

/// `r` while a check hangs stops it at once: the learner's fix is checked without
/// waiting out the hung check's timeout (600 s here; every wait below is far shorter).
#[cfg(unix)]
#[test]
fn a_rerun_stops_a_hanging_check() {
    let dir = tiny_course();
    let started = dir.path().join("started");
    let fixed = dir.path().join("fixed");
    let mut cmd = with_fake_cargo(dir.path(), &["--manual", "--timeout", "600"], "");
    cmd.env("FAKE_STARTED", &started)
        .env("FAKE_HANG_UNLESS", &fixed)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = scratch::Started::new(&mut cmd);
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = Lines::of(child.stdout.take().unwrap());
    lines.expect("checking 07-first", STEP);
    // The check's test binary runs, and hangs.
    let deadline = Instant::now() + STEP;
    while !started.exists() {
        assert!(Instant::now() < deadline, "the test binary never started");
        thread::sleep(Duration::from_millis(20));
    }
    fs::write(&fixed, "").unwrap();
    send(&mut stdin, "r");
    lines.expect("✓ 07-first passes! On to the next step", STEP);
    send(&mut stdin, "q");
    lines.expect("progress saved", STEP);
    let status = scratch::wait(&mut child, STEP);
    assert!(status.success(), "{status}");
}

/// In line mode every check prints its headline, even when nothing changed, so a
/// re-check visibly happened; the details only when they changed.
#[cfg(unix)]
#[test]
fn line_mode_prints_every_check_s_headline() {
    let dir = tiny_course();
    let mut cmd = with_fake_cargo(dir.path(), &["--manual"], "s1_first");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = scratch::Started::new(&mut cmd);
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = Lines::of(child.stdout.take().unwrap());
    lines.expect("✗ 07-first: does not compile", STEP);
    send(&mut stdin, "r");
    lines.expect("✗ 07-first: does not compile", STEP);
    drop(stdin);
    let rest = lines.rest(STEP);
    assert!(rest.contains("progress saved"), "{rest}");
    assert!(!rest.contains("mismatched types"), "details once: {rest}");
    assert!(scratch::wait(&mut child, STEP).success());
}

/// With every step passed the runner opens on the list; `n` starts again at step 1.
#[test]
fn next_from_the_all_done_list_opens_the_first_step() {
    let dir = tiny_course();
    fs::write(
        dir.path().join(".course-state.json"),
        r#"{"steps": {"07-first": {"status": "passed"}, "07-second": {"status": "passed"},
            "07-third": {"status": "passed"}}}"#,
    )
    .unwrap();
    let mut cmd = course(dir.path(), &["--manual"]);
    // No cargo: the check of the step opened is not what this is about.
    cmd.env("CARGO", dir.path().join("no-such-cargo"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = scratch::Started::new(&mut cmd);
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = Lines::of(child.stdout.take().unwrap());
    lines.expect("every step passes", STEP);
    lines.expect("  edit  ", STEP); // The end of the heading it opens on.
    send(&mut stdin, "n");
    drop(stdin);
    let after = lines.rest(STEP);
    assert!(after.contains("Lesson 07: Demo · step 1 of 3"), "{after}");
    assert!(after.contains("07-first: The first step"), "{after}");
    assert!(!after.contains("step 2 of 3"), "{after}");
    assert!(scratch::wait(&mut child, STEP).success());
}

/// One step's file breaks the lesson's library, so no step compiles; the steps that
/// had passed keep their pass, as the error is not in their files.
#[cfg(unix)]
#[test]
fn another_step_s_compile_error_keeps_a_recorded_pass() {
    let dir = tiny_course();
    let state = dir.path().join(".course-state.json");
    fs::write(
        &state,
        r#"{"steps": {"07-first": {"status": "passed"}, "07-third": {"status": "passed"}}}"#,
    )
    .unwrap();
    let out = run(with_fake_cargo(dir.path(), &["verify"], "lib"));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("✗ 07-first: does not compile, because of errors in other files"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ 07-third: does not compile\n"),
        "{stdout}"
    );
    let saved = course::state::State::load(dir.path()).0;
    assert!(saved.passed("07-first"), "{saved:?}");
    assert!(!saved.passed("07-third"), "its own file: {saved:?}");
}

#[cfg(unix)]
#[test]
fn an_exit_with_success_before_any_test_is_no_pass() {
    let dir = tiny_course();
    let mut cmd = with_fake_cargo(dir.path(), &["verify", "07-first"], "");
    cmd.env("FAKE_RESULT", "exit0");
    let out = run(cmd);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("✗ 07-first: not a pass:"), "{stdout}");
    assert!(!stdout.contains("tests pass"), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("0 passed, 1 failed"),
        "{stdout}"
    );
    let saved = course::state::State::load(dir.path()).0;
    assert_eq!(saved.status("07-first"), course::state::Status::Failed);
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

#[test]
fn hint_without_an_id_is_the_current_step_s() {
    let dir = tiny_course();
    let out = run(course(dir.path(), &["hint"]));
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.starts_with("Hint for 07-first"), "{stdout}");
    assert!(stdout.contains("try harder"), "{stdout}");

    fs::write(
        dir.path().join(".course-state.json"),
        r#"{"steps": {"07-first": {"status": "passed"}}}"#,
    )
    .unwrap();
    let stdout = text(&run(course(dir.path(), &["hint"])).stdout);
    assert!(stdout.starts_with("Hint for 07-second"), "{stdout}");
}

/// `hint 07` names a lesson, not a step: it says so, then shows the hint of the lesson's
/// first unsolved step.
#[test]
fn hint_with_a_lesson_id_says_it_wants_a_step() {
    let dir = tiny_course();
    fs::write(
        dir.path().join(".course-state.json"),
        r#"{"steps": {"07-first": {"status": "passed"}}}"#,
    )
    .unwrap();
    let out = run(course(dir.path(), &["hint", "07"]));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("`07` is a lesson"), "{stderr}");
    assert!(stderr.contains("step id such as 07-second"), "{stderr}");
    assert!(stdout.starts_with("Hint for 07-second"), "{stdout}");
    assert_one_line_error(
        &run(course(dir.path(), &["hint", "08"])),
        "unknown step `08`",
    );
}

/// The first step of a lesson in which nothing passes yet sends the learner to the
/// chapter's top first (also once it has been checked and failed, as the runner checks
/// a step the moment it opens it); later steps straight to their section.
#[test]
fn a_new_lesson_is_read_from_the_chapter_s_start() {
    let dir = tiny_course();
    let state = dir.path().join(".course-state.json");
    for progress in ["{}", r#"{"steps": {"07-first": {"status": "failed"}}}"#] {
        fs::write(&state, progress).unwrap();
        let stdout = text(&run(course(dir.path(), &["hint", "07-first"])).stdout);
        assert!(
            stdout.contains(
                "read  book/src/07-demo.md  (a new lesson: the chapter from its start)\n"
            ),
            "{progress}: {stdout}"
        );
        assert!(
            stdout.contains("then  book/src/07-demo.md#step-1-first\n"),
            "{stdout}"
        );
    }

    fs::write(&state, r#"{"steps": {"07-first": {"status": "passed"}}}"#).unwrap();
    let stdout = text(&run(course(dir.path(), &["hint", "07-first"])).stdout);
    assert!(
        stdout.contains("read  book/src/07-demo.md#step-1-first\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("new lesson"), "{stdout}");
}

/// A stand-in `mdbook build BOOK`: writes the pages mdbook would for the demo lesson.
#[cfg(unix)]
fn fake_mdbook(dir: &Path) -> PathBuf {
    script(
        dir,
        "fake-mdbook.sh",
        "#!/bin/sh\n[ \"$1\" = build ] || exit 3\nmkdir -p \"$2/book\"\n\
         echo '<html>' > \"$2/book/index.html\"\necho '<html>' > \"$2/book/07-demo.html\"\n",
    )
}

#[cfg(unix)]
#[test]
fn book_builds_the_book_and_the_runner_then_points_at_the_rendered_page() {
    let dir = tiny_course();
    let mut cmd = course(dir.path(), &["book"]);
    cmd.env("MDBOOK", fake_mdbook(dir.path()));
    let out = run(cmd);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("the book: book/book/index.html"),
        "{stdout}"
    );
    assert!(stdout.contains("07-first: The first step"), "{stdout}");
    let page = dir
        .path()
        .canonicalize()
        .unwrap()
        .join("book/book/07-demo.html");
    assert!(
        stdout.contains(&format!("open  file://{}#step-1-first", page.display())),
        "{stdout}"
    );

    // From now on, the `read` line is the rendered page.
    let hint = text(&run(course(dir.path(), &["hint", "07-first"])).stdout);
    assert!(
        hint.contains("then  book/book/07-demo.html#step-1-first"),
        "{hint}"
    );
}

#[test]
fn book_without_mdbook_says_how_to_install_it() {
    let dir = tiny_course();
    let mut cmd = course(dir.path(), &["book"]);
    cmd.env("MDBOOK", dir.path().join("no-such-mdbook"));
    let out = run(cmd);
    let stderr = text(&out.stderr);
    let error = stderr.lines().last().unwrap_or_default();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        error.contains("cargo install --locked mdbook --version 0.5.4"),
        "{stderr}"
    );
}

/// Ctrl-C during `verify` stops the cargo build the runner started (cargo runs in a
/// process group of its own, which the terminal's Ctrl-C does not reach), then ends with
/// code 130.
#[cfg(unix)]
#[test]
fn ctrl_c_during_verify_stops_cargo_too() {
    let dir = tiny_course();
    let pid_file = dir.path().join("cargo.pid");
    let mut cmd = with_fake_cargo(dir.path(), &["verify", "07-first"], "");
    cmd.env("FAKE_BUILD_PID", &pid_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = scratch::Started::new(&mut cmd);
    let deadline = Instant::now() + STEP;
    while !pid_file.exists() {
        assert!(
            Instant::now() < deadline,
            "the stand-in cargo never started"
        );
        thread::sleep(Duration::from_millis(20));
    }
    let cargo = fs::read_to_string(&pid_file).unwrap().trim().to_string();
    assert!(alive(&cargo));
    signal(child.id(), "-INT");
    let status = scratch::wait(&mut child, STEP);
    assert_eq!(status.code(), Some(130), "{status}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("stopped (Ctrl-C)"), "{stderr}");
    // Killed, it may linger a moment as a zombie until init reaps it.
    let deadline = Instant::now() + STEP;
    while alive(&cargo) {
        assert!(
            Instant::now() < deadline,
            "cargo ({cargo}) outlived the runner"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn signal(pid: u32, which: &str) {
    let sent = Command::new("kill")
        .args([which, &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// True while process `pid` exists and is not a zombie.
#[cfg(unix)]
fn alive(pid: &str) -> bool {
    let out = Command::new("ps")
        .args(["-o", "stat=", "-p", pid])
        .output()
        .unwrap();
    let stat = text(&out.stdout);
    out.status.success() && !stat.trim().is_empty() && !stat.trim().starts_with('Z')
}

/// Saving the file of a step that had passed (not the one open) checks it again, and a
/// lost pass shows: a line, and `✗` in the list.
#[cfg(unix)]
#[test]
fn saving_a_passed_step_s_file_checks_it_again() {
    let dir = tiny_course();
    fs::write(
        dir.path().join(".course-state.json"),
        r#"{"steps": {"07-first": {"status": "passed"}}}"#,
    )
    .unwrap();
    let mut cmd = with_fake_cargo(dir.path(), &[], "s1_first s2_second");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = scratch::Started::new(&mut cmd);
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = Lines::of(child.stdout.take().unwrap());
    lines.expect("✗ 07-second: does not compile", STEP);

    // The learner edits step 1's file again, and breaks it.
    fs::write(
        dir.path().join("exercises/07-demo/src/s1_first.rs"),
        "// broken\n",
    )
    .unwrap();
    lines.expect("checking 07-first again: its file was saved", STEP);
    lines.expect("✗ 07-first no longer passes", STEP);
    send(&mut stdin, "l");
    lines.expect("  ✗ 07-first", STEP);
    send(&mut stdin, "q");
    lines.expect("progress saved: 0 of 3 steps pass", STEP);
    assert!(scratch::wait(&mut child, STEP).success());
}

/// Another runner (`cargo course verify` in a second terminal) changes the progress
/// file: the watch screen shows the new progress without a key press.
#[cfg(unix)]
#[test]
fn watch_shows_progress_another_runner_saved() {
    let dir = tiny_course();
    let mut cmd = with_fake_cargo(dir.path(), &["--manual"], "s1_first");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = scratch::Started::new(&mut cmd);
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = Lines::of(child.stdout.take().unwrap());
    lines.expect("✗ 07-first: does not compile", STEP);

    course::state::State::update(dir.path(), |s| s.record("07-third", true)).unwrap();
    lines.expect("progress changed on disk", STEP);
    send(&mut stdin, "l");
    lines.expect("  ✓ 07-third", STEP);
    send(&mut stdin, "q");
    lines.expect("progress saved: 1 of 3 steps pass", STEP);
    assert!(scratch::wait(&mut child, STEP).success());
}
