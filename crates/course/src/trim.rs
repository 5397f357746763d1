//! Trimming test output down to what a learner needs.
//!
//! libtest's report repeats itself: every failing test's name three times, a note about
//! backtraces after every panic, and, when a `todo!()` is hit, the same message once per
//! test. [`test_report`] keeps one line per test and each distinct failure once;
//! [`cap`] then limits the whole to a screenful and says how much was cut.

use std::fmt::Write as _;

/// Counts of one libtest run, from its `test NAME ... ok|FAILED` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: Vec<String>,
    pub failed: Vec<String>,
}

impl Tally {
    /// Reads the `test NAME ... RESULT` lines (tests that finished, in that order).
    pub fn of(output: &str) -> Self {
        let mut tally = Self::default();
        for line in output.lines() {
            let Some(rest) = line.strip_prefix("test ") else {
                continue;
            };
            if let Some(name) = rest.strip_suffix(" ... ok") {
                tally.passed.push(name.to_string());
            } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
                tally.failed.push(name.to_string());
            }
        }
        tally
    }

    pub fn total(&self) -> usize {
        self.passed.len() + self.failed.len()
    }

    /// "all 4 tests pass", "3 of 4 tests fail"; never "all 0 tests pass".
    pub fn summary(&self) -> String {
        match (self.failed.len(), self.total()) {
            (_, 0) => "no test ran".to_string(),
            (0, 1) => "the test passes".to_string(),
            (0, n) => format!("all {n} tests pass"),
            (1, 1) => "the test fails".to_string(),
            (f, n) => format!("{f} of {n} tests fail"),
        }
    }
}

/// One failing test's section of libtest output, reduced to what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    tests: Vec<String>,
    /// The panic message, assertion diff and anything the test printed.
    body: Vec<String>,
}

/// The failing tests first (each distinct message once, under the names of every test
/// that gave it), then a line for the passing ones.
pub fn test_report(output: &str) -> String {
    let mut tally = Tally::of(output);
    let mut failures = failures(output);
    // libtest prints tests as they finish, in a different order each run; sorted, the
    // report stays put between re-runs and only what changed moves.
    tally.passed.sort();
    tally.failed.sort();
    for failure in &mut failures {
        failure.tests.sort();
    }
    failures.sort_by(|a, b| a.tests.cmp(&b.tests));
    let mut out = String::new();
    for failure in &failures {
        for test in &failure.tests {
            let _ = writeln!(out, "✗ {test}");
        }
        for line in &failure.body {
            let _ = writeln!(out, "    {line}");
        }
    }
    // A failed test without a section (it printed nothing?) still gets its line.
    for test in &tally.failed {
        if !failures.iter().any(|f| f.tests.contains(test)) {
            let _ = writeln!(out, "✗ {test}");
        }
    }
    for test in &tally.passed {
        let _ = writeln!(out, "✓ {test}");
    }
    if out.is_empty() {
        // Not libtest output at all (the binary crashed before running a test, say):
        // show it as it is.
        return output.trim_end().to_string();
    }
    out
}

/// The `---- NAME stdout ----` sections of libtest's failure report, identical bodies
/// merged.
fn failures(output: &str) -> Vec<Failure> {
    let mut found: Vec<Failure> = Vec::new();
    let mut current: Option<Failure> = None;
    let flush = |failure: Option<Failure>, found: &mut Vec<Failure>| {
        let Some(mut failure) = failure else { return };
        while failure
            .body
            .last()
            .is_some_and(|line| line.trim().is_empty())
        {
            failure.body.pop();
        }
        match found.iter_mut().find(|f| f.body == failure.body) {
            Some(same) => same.tests.append(&mut failure.tests),
            None => found.push(failure),
        }
    };
    for line in output.lines() {
        if let Some(name) = section_name(line) {
            flush(current.take(), &mut found);
            current = Some(Failure {
                tests: vec![name.to_string()],
                body: Vec::new(),
            });
            continue;
        }
        // The list of names after the sections, and the summary, end the last section.
        if line == "failures:" || line.starts_with("test result:") {
            flush(current.take(), &mut found);
            continue;
        }
        let Some(failure) = current.as_mut() else {
            continue;
        };
        if line.starts_with("note: run with `RUST_BACKTRACE=1`") {
            continue;
        }
        if failure.body.is_empty() && line.trim().is_empty() {
            continue;
        }
        failure
            .body
            .push(panic_line(line).unwrap_or_else(|| line.to_string()));
    }
    flush(current.take(), &mut found);
    found
}

/// `---- name stdout ----` → `name`.
fn section_name(line: &str) -> Option<&str> {
    line.strip_prefix("---- ")?.strip_suffix(" stdout ----")
}

/// `thread 'name' (1234) panicked at src/x.rs:3:5:` → `panicked at src/x.rs:3:5:`.
/// The thread name repeats the test name and the id differs every run, which would
/// keep identical failures from being merged.
fn panic_line(line: &str) -> Option<String> {
    let rest = line.strip_prefix("thread '")?;
    let (_, at) = rest.split_once(" panicked at ")?;
    Some(format!("panicked at {at}"))
}

/// Keeps at most `max_lines` lines; says how many were cut and how to see them all.
pub fn cap(text: &str, max_lines: usize, see_all: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    if lines.len() <= max_lines {
        return lines.join("\n");
    }
    let keep = max_lines.saturating_sub(1).max(1);
    let cut = lines.len() - keep;
    format!(
        "{}\n… {cut} more line{} cut ({see_all})",
        lines[..keep].join("\n"),
        if cut == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real libtest output of a starter (lesson 01, step 5), thread ids and all.
    const TODO_RUN: &str = "
running 4 tests
test a_fast_operation_returns_its_value ... FAILED
test a_slow_operation_gives_up ... FAILED
test the_abandoned_work_is_cancelled ... FAILED
test the_error_says_what_happened ... ok

failures:

---- a_fast_operation_returns_its_value stdout ----

thread 'a_fast_operation_returns_its_value' (27760) panicked at exercises/01-sync-async/src/s5_timeout.rs:25:5:
not yet implemented: give the work a deadline
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- a_slow_operation_gives_up stdout ----

thread 'a_slow_operation_gives_up' (27761) panicked at exercises/01-sync-async/src/s5_timeout.rs:25:5:
not yet implemented: give the work a deadline

---- the_abandoned_work_is_cancelled stdout ----

thread 'the_abandoned_work_is_cancelled' (27762) panicked at exercises/01-sync-async/src/s5_timeout.rs:25:5:
not yet implemented: give the work a deadline


failures:
    a_fast_operation_returns_its_value
    a_slow_operation_gives_up
    the_abandoned_work_is_cancelled

test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";

    const ASSERT_RUN: &str = "
running 2 tests
test the_answering_task_runs ... FAILED
test a_silent_device_is_reported_not_hung ... ok

failures:

---- the_answering_task_runs stdout ----
reading the device
thread 'the_answering_task_runs' (27753) panicked at exercises/01-sync-async/tests/s4_spawn_blocking.rs:28:5:
assertion `left == right` failed: the device never answered
  left: Err(NoAnswer)
 right: Ok(42)
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    the_answering_task_runs

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.50s
";

    #[test]
    fn the_tally_counts_finished_tests() {
        let tally = Tally::of(TODO_RUN);
        assert_eq!(tally.passed, ["the_error_says_what_happened"]);
        assert_eq!(tally.failed.len(), 3);
        assert_eq!(tally.summary(), "3 of 4 tests fail");
        assert_eq!(
            Tally::of("test x ... ok\ntest y ... ok").summary(),
            "all 2 tests pass"
        );
        assert_eq!(Tally::of("test x ... FAILED").summary(), "the test fails");
        assert_eq!(Tally::of("running 0 tests").summary(), "no test ran");
    }

    #[test]
    fn identical_failures_are_shown_once_under_every_name() {
        let report = test_report(TODO_RUN);
        assert_eq!(
            report,
            "\
✗ a_fast_operation_returns_its_value
✗ a_slow_operation_gives_up
✗ the_abandoned_work_is_cancelled
    panicked at exercises/01-sync-async/src/s5_timeout.rs:25:5:
    not yet implemented: give the work a deadline
✓ the_error_says_what_happened
"
        );
    }

    #[test]
    fn assertion_diffs_and_printed_lines_are_kept_and_noise_dropped() {
        let report = test_report(ASSERT_RUN);
        assert_eq!(
            report,
            "\
✗ the_answering_task_runs
    reading the device
    panicked at exercises/01-sync-async/tests/s4_spawn_blocking.rs:28:5:
    assertion `left == right` failed: the device never answered
      left: Err(NoAnswer)
     right: Ok(42)
✓ a_silent_device_is_reported_not_hung
"
        );
        assert!(!report.contains("RUST_BACKTRACE"));
        assert!(!report.contains("test result"));
    }

    #[test]
    fn output_that_is_not_libtest_is_shown_as_it_is() {
        assert_eq!(test_report("Segmentation fault\n"), "Segmentation fault");
    }

    #[test]
    fn cap_keeps_short_text_and_says_what_it_cut() {
        assert_eq!(cap("a\nb\n", 5, "see all"), "a\nb");
        let long: String = (1..=50).map(|i| format!("line {i}\n")).collect();
        let capped = cap(&long, 40, "run cargo test");
        let lines: Vec<&str> = capped.lines().collect();
        assert_eq!(lines.len(), 40);
        assert_eq!(lines[0], "line 1");
        assert_eq!(lines[38], "line 39");
        assert_eq!(lines[39], "… 11 more lines cut (run cargo test)");
        assert!(cap("a\nb\nc", 2, "x").ends_with("… 2 more lines cut (x)"));
    }
}
