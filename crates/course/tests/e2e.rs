//! End to end: a learner works through lesson 01 in a scratch copy of the course.
//!
//! The runner is driven in line mode (its standard input is a pipe, as in CI): it opens
//! the first step, which fails; the test "saves" the step's solution over the starter;
//! the runner notices, sees the step pass and moves on to the next one. Then the
//! one-shot commands: the solution is shown only for the passed step, `reset` refuses to
//! discard edits without `--yes` and restores the starter with it, and `verify` reports.
//!
//! The first run builds lesson 01's dependencies into `target/course-e2e` (about a
//! minute on 2 cores; it says so on stderr), before the runner starts; later runs take
//! seconds. Every wait has a
//! limit and all of them share one budget (`support/scratch.rs`).
//!
//! One test function on purpose: every scratch copy builds into the same target folder
//! (see `support/scratch.rs`), and two copies building at once would trip over each
//! other's artifacts; a lock there keeps other runs (the tmux check) waiting meanwhile.

#[path = "support/scratch.rs"]
mod scratch;

use std::fs;
use std::process::Stdio;

use course::state::{State, Status};
use scratch::{Lines, STEP, Scratch, Started, all_fail, all_pass, output, send, text};

const STEP_1: &str = "src/s1_countasync.rs";

#[test]
fn a_learner_solves_a_step_moves_on_then_resets_it() {
    let scratch = Scratch::lesson_01(env!("CARGO_BIN_EXE_course"));
    let starter = fs::read(scratch.exercise(STEP_1)).unwrap();

    watch_solve_and_move_on(&scratch);

    let state = State::load(scratch.root()).0;
    assert!(state.passed("01-countasync"));
    assert_eq!(state.status("01-join"), Status::Failed);
    assert!(state.starter_commit.is_some(), "the start commit is noted");

    list_shows_the_progress(&scratch);
    the_solution_is_shown_only_once_passed(&scratch);
    reset_asks_then_restores_the_starter(&scratch, &starter);
    verify_reports_and_ends_with_the_count(&scratch);
}

/// The watch loop, in line mode: fail, save the solution, pass, move on, quit.
fn watch_solve_and_move_on(scratch: &Scratch) {
    let mut child = Started::new(
        scratch
            .course(&[])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit()),
    );
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = Lines::of(child.stdout.take().unwrap());

    let steps = scratch.step_count();
    lines.expect("standard input is not a terminal: line mode", STEP);
    lines.expect(&scratch.heading(0), STEP);
    lines.expect("edit  exercises/01-sync-async/src/s1_countasync.rs", STEP);
    lines.expect_line(&all_fail("01-countasync"), STEP);
    lines.expect("not yet implemented: run the counts concurrently", STEP);

    scratch.solve(STEP_1);
    lines.expect("✓ 01-countasync passes! On to the next step", STEP);
    lines.expect(&scratch.heading(1), STEP);
    lines.expect_line(&all_fail("01-join"), STEP);

    send(&mut stdin, "h");
    lines.expect("Hint for 01-join:", STEP);
    lines.expect(&scratch.hint_start("01-join"), STEP);
    send(&mut stdin, "l");
    lines.expect("✓ 01-countasync", STEP);
    lines.expect("▶ ✗ 01-join", STEP);
    lines.expect(&format!("1/{steps} steps pass"), STEP);
    send(&mut stdin, "q");
    lines.expect(&format!("progress saved: 1 of {steps} steps pass"), STEP);
    let status = scratch::wait(&mut child, STEP);
    assert!(status.success(), "{status}");
}

fn list_shows_the_progress(scratch: &Scratch) {
    let out = output(scratch.course(&["list"]), STEP);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("✓ 01-countasync"), "{stdout}");
    assert!(stdout.contains("✗ 01-join"), "{stdout}");
    assert!(stdout.contains("· 01-timeout"), "{stdout}");
    let steps = scratch.step_count();
    assert!(
        stdout.contains(&format!("] 1/{steps} steps pass")),
        "{stdout}"
    );
    assert!(stdout.contains("next: 01-join"), "{stdout}");
}

fn the_solution_is_shown_only_once_passed(scratch: &Scratch) {
    let shown = output(scratch.course(&["solution", "01-countasync"]), STEP);
    assert!(shown.status.success());
    let solution_1 = fs::read_to_string(scratch.solution(STEP_1)).unwrap();
    assert!(text(&shown.stdout).ends_with(&solution_1));

    let withheld = output(scratch.course(&["solution", "01-join"]), STEP);
    assert_eq!(withheld.status.code(), Some(1));
    assert!(text(&withheld.stderr).contains("--force"));
    assert!(withheld.stdout.is_empty(), "{}", text(&withheld.stdout));

    let forced = output(scratch.course(&["solution", "01-join", "--force"]), STEP);
    assert!(forced.status.success());
    let solution_2 = fs::read_to_string(scratch.solution("src/s2_join.rs")).unwrap();
    assert!(text(&forced.stdout).ends_with(&solution_2));
}

fn reset_asks_then_restores_the_starter(scratch: &Scratch, starter: &[u8]) {
    let solved = fs::read(scratch.exercise(STEP_1)).unwrap();
    assert_ne!(solved, starter);

    // No terminal to ask on and no --yes: refuse, touch nothing.
    let refused = output(scratch.course(&["reset", "01-countasync"]), STEP);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_eq!(fs::read(scratch.exercise(STEP_1)).unwrap(), solved);

    let other_step = fs::read(scratch.exercise("src/s2_join.rs")).unwrap();
    let reset = output(scratch.course(&["reset", "01-countasync", "--yes"]), STEP);
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    // No remote branch in the scratch copy: the commit noted at the start.
    let said = text(&reset.stdout);
    assert!(said.contains("where you started the course"), "{said}");
    assert_eq!(fs::read(scratch.exercise(STEP_1)).unwrap(), starter);
    assert_eq!(
        fs::read(scratch.exercise("src/s2_join.rs")).unwrap(),
        other_step
    );
    let state = State::load(scratch.root()).0;
    assert_eq!(state.status("01-countasync"), Status::NotStarted);
    assert_eq!(state.status("01-join"), Status::Failed, "only that step");
}

fn verify_reports_and_ends_with_the_count(scratch: &Scratch) {
    let one = output(scratch.course(&["verify", "01-countasync"]), STEP);
    let stdout = text(&one.stdout);
    assert_eq!(one.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.lines().any(|l| all_fail("01-countasync").matches(l)),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("0 passed, 1 failed"));

    scratch.solve("src/s2_join.rs");
    let all = output(scratch.course(&["verify"]), STEP);
    let stdout = text(&all.stdout);
    assert_eq!(all.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.lines().any(|l| all_pass("01-join").matches(l)),
        "{stdout}"
    );
    let failed = scratch.step_count() - 1;
    assert_eq!(
        stdout.lines().last(),
        Some(format!("1 passed, {failed} failed").as_str())
    );
    assert!(State::load(scratch.root()).0.passed("01-join"));
}
