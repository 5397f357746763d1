//! Checking a learner's steps: build their test targets, run them, say what happened.
//!
//! Only the steps asked for are built (`cargo test --no-run -p <package> --test <target>
//! …`), so a compile error in another lesson never hides this step's report, and cargo
//! has as little as possible to look at: that is what makes a re-check after an edit
//! fast.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::meta::{Course, Lesson, Step};
use crate::state::State;
use crate::testrun::{self, Build, Outcome, Stopped, Target, TestBinary};
use crate::trim::{self, Tally};

/// What one check of a step found.
#[derive(Debug, Clone)]
pub struct Report {
    pub step: String,
    pub verdict: Verdict,
    /// The trimmed details: compiler errors, or the failing tests then the passing ones.
    pub details: String,
    /// Time spent in cargo, then running the test binary.
    pub build_time: Duration,
    pub run_time: Duration,
}

/// The one-line outcome of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// libtest ran every test and all passed (at least one: see [`testrun`]).
    Passed(Tally),
    Failed(Tally),
    /// The step's tests do not compile. `elsewhere`: every error the compiler located is
    /// in a file that is not the step's own (its starter file or its test file), such
    /// as another step's file, which breaks the lesson's library for every step.
    CompileError {
        elsewhere: bool,
    },
    TimedOut(Duration),
    /// The test binary ended without libtest's verdict: a crash, or an exit with
    /// success that proves nothing. Why, in a few words.
    NoVerdict(String),
}

impl Report {
    pub fn passed(&self) -> bool {
        matches!(self.verdict, Verdict::Passed(_))
    }

    /// "✓ 01-join: all 2 tests pass", "✗ 01-join: does not compile", …
    pub fn headline(&self) -> String {
        let step = &self.step;
        match &self.verdict {
            Verdict::Passed(tally) => format!("✓ {step}: {}", tally.summary()),
            Verdict::Failed(tally) => format!("✗ {step}: {}", tally.summary()),
            Verdict::CompileError { elsewhere: false } => format!("✗ {step}: does not compile"),
            Verdict::CompileError { elsewhere: true } => format!(
                "✗ {step}: does not compile, because of errors in other files of the lesson"
            ),
            Verdict::TimedOut(after) => format!(
                "✗ timed out after {}: possible deadlock or blocking call in {step}",
                seconds(*after)
            ),
            Verdict::NoVerdict(why) => format!("✗ {step}: {why}"),
        }
    }

    /// Notes this check in the progress file's `state`. A compile error in other files
    /// says nothing about this step, so it does not undo a recorded pass.
    pub fn record(&self, state: &mut State) {
        let elsewhere = self.verdict == Verdict::CompileError { elsewhere: true };
        if !(elsewhere && state.passed(&self.step)) {
            state.record(&self.step, self.passed());
        }
    }
}

/// "15 s" for whole seconds (the usual timeouts), "0.300 s" otherwise.
fn seconds(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        kit::measure::secs(d)
    }
}

/// Where cut-down details end: "`cargo test -p exercises-01 --test s2_join` shows it
/// all", the command that shows a step's full, untrimmed output.
pub fn see_all(lesson: &Lesson, step: &Step) -> String {
    format!(
        "`cargo test -p {} --test {}` shows it all",
        lesson.package, step.test
    )
}

/// How a caller steers a running check, and hears how it goes.
#[derive(Debug, Default)]
pub struct Control {
    /// Raised by the caller: the check kills what it runs and ends with
    /// [`Stopped`]. Shared, so that a signal handler can raise it too.
    pub stop: Arc<AtomicBool>,
    /// Raised by the check while cargo waits for the build lock another cargo holds
    /// (an editor's rust-analyzer checking on save, say).
    pub waiting_for_lock: AtomicBool,
    /// Set by the check when the build is done and a test binary starts: the timeout
    /// runs from then on. The runner shows the seconds spent against the limit.
    pub tests_started: Mutex<Option<Instant>>,
}

impl Control {
    /// When the current test run started, if one has.
    pub fn tests_started(&self) -> Option<Instant> {
        *self.tests_started.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Builds and runs `steps` of `lesson`, one report per step, in order. `Err` means the
/// check itself could not be made (no cargo, a binary that cannot start, or
/// `control.stop` was raised); a failing step is an `Ok`.
///
/// The steps are built in one cargo call. When that fails to compile and there are
/// several steps, each is checked again on its own: cargo stops at the first broken
/// test target, and only its step is to blame.
pub fn steps(
    course: &Course,
    lesson: &Lesson,
    steps: &[&Step],
    timeout: Duration,
    control: &Control,
) -> anyhow::Result<Vec<Report>> {
    let targets: Vec<Target> = steps
        .iter()
        .map(|step| Target {
            package: lesson.package.clone(),
            test: Some(step.test.clone()),
        })
        .collect();
    let started = Instant::now();
    let build = testrun::build_in(
        &course.root,
        course.target_dir.as_deref(),
        &targets,
        &control.stop,
        &control.waiting_for_lock,
    )?;
    let build_time = started.elapsed();
    match build {
        Build::Built(binaries) => steps
            .iter()
            .map(|step| {
                let binary = find_binary(&binaries, lesson, step)?;
                run(step, binary, timeout, control, build_time)
            })
            .collect(),
        Build::CompileError(errors) if steps.len() == 1 => Ok(vec![compile_error(
            course, lesson, steps[0], errors, build_time,
        )]),
        Build::CompileError(_) => {
            let mut reports = Vec::with_capacity(steps.len());
            for step in steps {
                reports.extend(self::steps(course, lesson, &[step], timeout, control)?);
            }
            Ok(reports)
        }
    }
}

fn compile_error(
    course: &Course,
    lesson: &Lesson,
    step: &Step,
    errors: String,
    build_time: Duration,
) -> Report {
    let own = [
        course.starter_file(lesson, step),
        course
            .exercise_dir(lesson)
            .join("tests")
            .join(format!("{}.rs", step.test)),
    ];
    let located = error_files(&errors, &course.root);
    let elsewhere = !located.is_empty() && !located.iter().any(|file| own.contains(file));
    Report {
        step: step.id.clone(),
        verdict: Verdict::CompileError { elsewhere },
        details: errors.trim_end().to_string(),
        build_time,
        run_time: Duration::ZERO,
    }
}

/// The files compiler errors point at: each error's ` --> path:line:column` line (the
/// main location; others are marked `:::`), with relative paths read from `root`, where
/// cargo runs the compiler.
fn error_files(errors: &str, root: &Path) -> Vec<PathBuf> {
    errors
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .filter_map(|place| place.rsplitn(3, ':').nth(2))
        .map(|file| root.join(file))
        .collect()
}

fn find_binary<'b>(
    binaries: &'b [TestBinary],
    lesson: &Lesson,
    step: &Step,
) -> anyhow::Result<&'b TestBinary> {
    binaries
        .iter()
        .find(|binary| binary.target == step.test)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "cargo built no test target `{}` in {} (check its course.toml)",
                step.test,
                lesson.package
            )
        })
}

fn run(
    step: &Step,
    binary: &TestBinary,
    timeout: Duration,
    control: &Control,
    build_time: Duration,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    *control
        .tests_started
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Some(started);
    let outcome = testrun::run_with_stop(binary, timeout, &control.stop)?;
    let run_time = started.elapsed();
    let tally = Tally::of(outcome.output());
    let (verdict, details) = match &outcome {
        Outcome::Passed { output } => (Verdict::Passed(tally), trim::test_report(output)),
        Outcome::Failed { output } if outcome.failed_cleanly() => {
            (Verdict::Failed(tally), trim::test_report(output))
        }
        Outcome::Failed { output } => {
            let why = match outcome.not_a_pass() {
                Some(why) => format!("not a pass: {why}"),
                None => "the test binary crashed".to_string(),
            };
            let shown = output.trim_start_matches('\n').trim_end();
            (Verdict::NoVerdict(why), shown.to_string())
        }
        Outcome::TimedOut { after, output } => (
            Verdict::TimedOut(*after),
            timed_out(binary, &tally, output, control)?,
        ),
    };
    Ok(Report {
        step: step.id.clone(),
        verdict,
        details,
        build_time,
        run_time,
    })
}

/// Names the tests that were still running when the binary was killed: the likely
/// deadlocks. libtest only prints a test's line once it ends, so the binary is asked
/// for its list of tests and the finished ones are taken away.
fn timed_out(
    binary: &TestBinary,
    finished: &Tally,
    output: &str,
    control: &Control,
) -> anyhow::Result<String> {
    let mut details = String::new();
    match testrun::list(binary, &control.stop) {
        Ok(listed) => {
            for name in listed {
                if !finished.passed.contains(&name) && !finished.failed.contains(&name) {
                    details.push_str(&format!("⧗ {name} (still running when stopped)\n"));
                }
            }
        }
        Err(err) if err.is::<Stopped>() => return Err(err),
        // Without the list, the finished tests are still worth showing.
        Err(_) => {}
    }
    // Only "running N tests" arrives when no test finished: nothing worth showing.
    if finished.total() > 0 {
        details.push_str(&trim::test_report(output));
    }
    Ok(details.trim_end().to_string())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::test_support::{demo_course, script};

    fn step() -> Step {
        demo_course().1.lessons[0].steps[0].clone()
    }

    #[test]
    fn a_timeout_names_the_step_and_the_tests_still_running() {
        let dir = tempfile::tempdir().unwrap();
        // A stand-in test binary: lists two tests, finishes one, then hangs.
        let path = script(
            dir.path(),
            "#!/bin/sh\n\
             if [ \"$1\" = --list ]; then printf 'quick: test\\nstuck: test\\n'; exit 0; fi\n\
             printf 'running 2 tests\\ntest quick ... ok\\n'\n\
             exec sleep 30\n",
        );
        let binary = TestBinary {
            package: "exercises-07".into(),
            target: "s1_first".into(),
            path,
            cwd: dir.path().to_path_buf(),
        };
        // Long enough for the script to print, on a busy machine, before it is killed.
        let limit = Duration::from_secs(2);
        let report = run(&step(), &binary, limit, &Control::default(), Duration::ZERO).unwrap();
        assert_eq!(report.verdict, Verdict::TimedOut(limit));
        assert_eq!(
            report.headline(),
            "✗ timed out after 2 s: possible deadlock or blocking call in 07-first"
        );
        assert_eq!(
            report.details,
            "⧗ stuck (still running when stopped)\n✓ quick"
        );
    }

    #[test]
    fn an_exit_with_success_without_tests_is_no_pass() {
        let dir = tempfile::tempdir().unwrap();
        let binary = TestBinary {
            package: "exercises-07".into(),
            target: "s1_first".into(),
            path: script(
                dir.path(),
                "#!/bin/sh\nprintf 'running 1 test\\n'\nexit 0\n",
            ),
            cwd: dir.path().to_path_buf(),
        };
        let limit = Duration::from_secs(10);
        let report = run(&step(), &binary, limit, &Control::default(), Duration::ZERO).unwrap();
        assert!(!report.passed());
        assert!(
            report
                .headline()
                .starts_with("✗ 07-first: not a pass: it stopped before libtest's summary"),
            "{}",
            report.headline()
        );
        let mut state = State::default();
        report.record(&mut state);
        assert!(!state.passed("07-first"));
    }

    #[test]
    fn compile_errors_are_blamed_on_the_files_they_point_at() {
        let (_dir, course) = demo_course();
        let lesson = &course.lessons[0];
        let (first, third) = (&lesson.steps[0], &lesson.steps[2]);
        let errors = "error[E0308]: mismatched types\n --> exercises/07-demo/src/s3_third.rs:2:1\n  \
                      |\n  ::: exercises/07-demo/src/s1_first.rs:9:1\n";
        let report = |step| compile_error(&course, lesson, step, errors.into(), Duration::ZERO);
        let (of_first, of_third) = (report(first), report(third));
        assert_eq!(of_third.verdict, Verdict::CompileError { elsewhere: false });
        assert_eq!(of_first.verdict, Verdict::CompileError { elsewhere: true });
        assert!(of_first.headline().contains("errors in other files"));

        // Another step's error never undoes a pass; the step's own error does.
        let mut state = State::default();
        state.record("07-first", true);
        state.record("07-third", true);
        of_first.record(&mut state);
        of_third.record(&mut state);
        assert!(state.passed("07-first"));
        assert!(!state.passed("07-third"));

        // An error with no location (cargo's own) is the step's.
        let unplaced = compile_error(&course, lesson, first, "error: x".into(), Duration::ZERO);
        assert_eq!(unplaced.verdict, Verdict::CompileError { elsewhere: false });
        // An error in the step's test file is the step's too.
        let in_test = compile_error(
            &course,
            lesson,
            first,
            "error\n --> exercises/07-demo/tests/s1_first.rs:1:1\n".into(),
            Duration::ZERO,
        );
        assert_eq!(in_test.verdict, Verdict::CompileError { elsewhere: false });
    }

    #[test]
    fn whole_seconds_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(15)), "15 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.500 s");
    }
}
