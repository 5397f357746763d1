//! Checking a learner's step: build its test target, run it, say what happened.
//!
//! A step is built on its own (`cargo test --no-run -p <package> --test <target>`), so a
//! compile error in another lesson never hides this step's report, and cargo has as
//! little as possible to look at: that is what makes a re-check after an edit fast.

use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::meta::{Course, Lesson, Step};
use crate::testrun::{self, Build, Outcome, Target, TestBinary};
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
    Passed(Tally),
    Failed(Tally),
    CompileError,
    TimedOut(Duration),
    /// The test binary stopped without libtest's summary (an abort, a stack overflow).
    Crashed,
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
            Verdict::CompileError => format!("✗ {step}: does not compile"),
            Verdict::TimedOut(after) => format!(
                "✗ timed out after {}: possible deadlock or blocking call in {step}",
                seconds(*after)
            ),
            Verdict::Crashed => format!("✗ {step}: the test binary crashed"),
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

/// The cargo command that shows a step's full, untrimmed output.
pub fn cargo_test_command(lesson: &Lesson, step: &Step) -> String {
    format!("cargo test -p {} --test {}", lesson.package, step.test)
}

/// Builds and runs one step. `Err` means the check itself could not be made (no cargo,
/// a binary that cannot start, or `stop` was raised); a failing step is an `Ok`.
pub fn step(
    course: &Course,
    lesson: &Lesson,
    step: &Step,
    timeout: Duration,
    stop: &AtomicBool,
) -> anyhow::Result<Report> {
    let target = Target {
        package: lesson.package.clone(),
        test: Some(step.test.clone()),
    };
    let started = Instant::now();
    let build = testrun::build_with_stop(&course.root, &[target], stop)?;
    let build_time = started.elapsed();
    let binary = match build {
        Build::CompileError(errors) => {
            return Ok(compile_error(step, errors, build_time));
        }
        Build::Built(binaries) => find_binary(binaries, lesson, step)?,
    };
    run(step, &binary, timeout, stop, build_time)
}

/// Builds every step of a lesson in one cargo call, then runs each step's binary.
/// Faster than one build per step when checking everything; a compile error is shared
/// by every step of the lesson, as they share one library.
pub fn lesson(
    course: &Course,
    lesson: &Lesson,
    timeout: Duration,
    stop: &AtomicBool,
) -> anyhow::Result<Vec<Report>> {
    let targets: Vec<Target> = lesson
        .steps
        .iter()
        .map(|step| Target {
            package: lesson.package.clone(),
            test: Some(step.test.clone()),
        })
        .collect();
    let started = Instant::now();
    let build = testrun::build_with_stop(&course.root, &targets, stop)?;
    let build_time = started.elapsed();
    match build {
        Build::CompileError(errors) => Ok(lesson
            .steps
            .iter()
            .map(|step| compile_error(step, errors.clone(), build_time))
            .collect()),
        Build::Built(binaries) => lesson
            .steps
            .iter()
            .map(|step| {
                let binary = find_binary(binaries.clone(), lesson, step)?;
                run(step, &binary, timeout, stop, build_time)
            })
            .collect(),
    }
}

fn compile_error(step: &Step, errors: String, build_time: Duration) -> Report {
    Report {
        step: step.id.clone(),
        verdict: Verdict::CompileError,
        details: errors.trim_end().to_string(),
        build_time,
        run_time: Duration::ZERO,
    }
}

fn find_binary(
    binaries: Vec<TestBinary>,
    lesson: &Lesson,
    step: &Step,
) -> anyhow::Result<TestBinary> {
    binaries
        .into_iter()
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
    stop: &AtomicBool,
    build_time: Duration,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let outcome = testrun::run_with_stop(binary, timeout, stop)?;
    let run_time = started.elapsed();
    let tally = Tally::of(outcome.output());
    let (verdict, details) = match outcome {
        Outcome::Passed { output } => (Verdict::Passed(tally), trim::test_report(&output)),
        Outcome::Failed { ref output } if outcome.failed_cleanly() => {
            (Verdict::Failed(tally), trim::test_report(output))
        }
        Outcome::Failed { output } => (Verdict::Crashed, output.trim_end().to_string()),
        Outcome::TimedOut { after, output } => {
            (Verdict::TimedOut(after), timed_out(binary, &tally, &output))
        }
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
fn timed_out(binary: &TestBinary, finished: &Tally, output: &str) -> String {
    let listed = Command::new(&binary.path)
        .args(["--list", "--format", "terse"])
        .current_dir(&binary.cwd)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let mut details = String::new();
    if let Ok(listed) = listed {
        let stuck: Vec<String> = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .filter(|name| {
                !finished.passed.iter().any(|t| t == name)
                    && !finished.failed.iter().any(|t| t == name)
            })
            .map(|name| format!("⧗ {name} (still running when stopped)\n"))
            .collect();
        details.extend(stuck);
    }
    // Only "running N tests" arrives when no test finished: nothing worth showing.
    if finished.total() > 0 {
        details.push_str(&trim::test_report(output));
    }
    details.trim_end().to_string()
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    use super::*;

    /// A stand-in test binary: lists two tests, finishes one, then hangs.
    fn hanging_binary(dir: &std::path::Path) -> TestBinary {
        let path = dir.join("fake-test");
        fs::write(
            &path,
            "#!/bin/sh\n\
             if [ \"$1\" = --list ]; then printf 'quick: test\\nstuck: test\\n'; exit 0; fi\n\
             printf 'running 2 tests\\ntest quick ... ok\\n'\n\
             exec sleep 30\n",
        )
        .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        TestBinary {
            package: "exercises-07".into(),
            target: "s1_stuck".into(),
            path,
            cwd: PathBuf::from(dir),
        }
    }

    fn step() -> Step {
        Step {
            id: "07-stuck".into(),
            title: "Stuck".into(),
            file: "src/s1_stuck.rs".into(),
            test: "s1_stuck".into(),
            hint: String::new(),
            chapter: "07.md".into(),
        }
    }

    #[test]
    fn a_timeout_names_the_step_and_the_tests_still_running() {
        let dir = tempfile::tempdir().unwrap();
        let binary = hanging_binary(dir.path());
        let stop = AtomicBool::new(false);
        let limit = Duration::from_millis(300);
        let report = run(&step(), &binary, limit, &stop, Duration::ZERO).unwrap();
        assert_eq!(report.verdict, Verdict::TimedOut(limit));
        assert_eq!(
            report.headline(),
            "✗ timed out after 0.300 s: possible deadlock or blocking call in 07-stuck"
        );
        assert_eq!(
            report.details,
            "⧗ stuck (still running when stopped)\n✓ quick"
        );
    }

    #[test]
    fn whole_seconds_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(15)), "15 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.500 s");
    }
}
