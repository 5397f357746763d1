//! `cargo xtask check`: the exercises prove themselves.
//!
//! For every step: the starter's tests must fail (cleanly: they run and report failures,
//! no compile error, no hang), the solution's must pass, every known wrong answer must be
//! rejected with the message it is known by, and the metadata must hold up. For every
//! lesson: the solution passes clippy `-D warnings` and `rustfmt --check`.
//!
//! The starters are checked as committed, never in place (see [`crate::scratch`]): a
//! learner's solved or broken steps do not change the verdict. The starters and the
//! wrong answers build in one scratch workspace, the solutions in the real one; the
//! test binaries then run in parallel, each under its own timeout, while clippy and
//! rustfmt check the solutions.

use std::fs;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use course::meta::{Course, Lesson, Step, heading_slugs};
use course::testrun::{self, Build, Outcome, Target, TestBinary, WorkspaceBuild};
use course::trim;

use crate::scratch::{self, MemberKind, Scratch, WrongAnswer};

/// One checked claim and its verdict.
#[derive(Debug)]
pub struct Check {
    what: String,
    result: Result<String, String>,
}

/// A titled group of checks in the report.
pub type Section = (String, Vec<Check>);

impl Check {
    pub fn new(what: impl Into<String>, result: Result<String, String>) -> Self {
        Self {
            what: what.into(),
            result,
        }
    }
}

/// Runs the check over the course (or one lesson); prints a report; true if all passed.
///
/// `leading` sections (the result of `cargo test`, for `xtask test`) are printed first and
/// counted in the closing `N passed, N failed` line, so that line is the whole verdict.
pub fn run(
    course: &Course,
    only: Option<&str>,
    timeout: Duration,
    leading: Vec<Section>,
) -> anyhow::Result<bool> {
    let lessons: Vec<&Lesson> = course
        .lessons
        .iter()
        .filter(|lesson| only.is_none_or(|want| want == lesson.lesson || want == lesson.folder))
        .collect();
    if lessons.is_empty() {
        anyhow::bail!(
            "no lesson matches `{}` (known: {})",
            only.unwrap_or("*"),
            course
                .lessons
                .iter()
                .map(|l| l.lesson.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let dir = scratch_dir(course);
    println!(
        "==> writing the committed starters and the known wrong answers of {} lesson(s) to {}",
        lessons.len(),
        dir.display()
    );
    let scratch = scratch::prepare(course, &lessons, &dir)?;
    for note in &scratch.notes {
        println!("note: {note}");
    }
    println!(
        "==> building {} scratch crates, then the solutions",
        scratch.members.len()
    );
    let scratch_build = build_scratch(course, &scratch);
    // The report is a list of sections (a lesson header, then one per step); each job
    // remembers the section its verdict goes to.
    let mut report: Vec<Section> = leading;
    let mut jobs = Vec::new();
    let mut wrong_counts = Vec::new();
    for lesson in &lessons {
        report.push((
            format!("lesson {} ({})", lesson.lesson, lesson.title),
            Vec::new(),
        ));
        report.push((
            format!("  lesson {}: tests written once", lesson.lesson),
            vec![
                Check::new(
                    "the solution runs the exercise's own test files, one per step",
                    tests_written_once(course, lesson),
                ),
                Check::new(
                    "the solution holds the same given files as the exercise",
                    given_files_agree(course, &scratch, lesson),
                ),
            ],
        ));
        let starter_package = format!("starters-{}", lesson.lesson);
        let starters = scratch_binaries(&scratch_build, &starter_package);
        let solutions = build_package(course, &lesson.solution);
        let mut wrong_count = 0;
        for step in &lesson.steps {
            let section = report.len();
            let mut checks = metadata_checks(course, &scratch, lesson, step);
            for (kind, built, package) in [
                (Kind::Starter, &starters, &starter_package),
                (Kind::Solution, &solutions, &lesson.solution),
            ] {
                match find_binary(built, &step.test, package) {
                    Ok(binary) => jobs.push(Job {
                        section,
                        kind,
                        step: step.id.clone(),
                        binary,
                    }),
                    Err(why) => checks.push(Check::new(kind.claim(), Err(why))),
                }
            }
            let wrongs: Vec<(&String, &WrongAnswer)> = scratch
                .members
                .iter()
                .filter_map(|m| match &m.kind {
                    MemberKind::Wrong(w) if w.step == step.id => Some((&m.package, w)),
                    _ => None,
                })
                .collect();
            wrong_count += wrongs.len();
            checks.push(Check::new(
                "has known wrong answers",
                if wrongs.is_empty() {
                    Err(format!(
                        "no known wrong answer in {}/: every step ships at least one",
                        scratch::step_wrong_dir(course, lesson, step)
                            .strip_prefix(&course.root)
                            .unwrap_or(&course.root)
                            .display()
                    ))
                } else {
                    Ok(format!("{}", wrongs.len()))
                },
            ));
            for (package, wrong) in wrongs {
                let kind = Kind::Wrong(wrong.clone());
                let built = scratch_binaries(&scratch_build, package);
                match find_binary(&built, &step.test, package) {
                    Ok(binary) => jobs.push(Job {
                        section,
                        kind,
                        step: step.id.clone(),
                        binary,
                    }),
                    Err(why) => checks.push(Check::new(kind.claim(), Err(why))),
                }
            }
            report.push((format!("  step {}: {}", step.id, step.title), checks));
        }
        wrong_counts.push(format!("{}: {wrong_count}", lesson.lesson));
    }
    if !scratch.broken.is_empty() {
        report.push((
            "known wrong answers that cannot be used".to_string(),
            scratch
                .broken
                .iter()
                .map(|(file, why)| {
                    Check::new(format!("{file} is a wrong answer"), Err(why.clone()))
                })
                .collect(),
        ));
    }
    println!(
        "==> known wrong answers per lesson: {}",
        wrong_counts.join(", ")
    );

    println!(
        "==> running {} test binaries (timeout {timeout:?} each)",
        jobs.len()
    );
    let lint_packages: Vec<String> = lessons.iter().map(|l| l.solution.clone()).collect();
    let wrong_files: Vec<std::path::PathBuf> = scratch
        .members
        .iter()
        .filter_map(|m| match &m.kind {
            MemberKind::Wrong(w) => Some(course.root.join(&w.file)),
            MemberKind::Starters => None,
        })
        .collect();
    let (outcomes, lint_checks) = thread::scope(|scope| {
        let lints = scope.spawn(|| lint_solutions(course, &lint_packages, &wrong_files));
        let outcomes = run_jobs(&jobs, timeout);
        let lint_checks = lints.join().unwrap_or_else(|_| {
            vec![Check::new(
                "clippy and rustfmt",
                Err("the lint thread panicked; run them by hand".to_string()),
            )]
        });
        (outcomes, lint_checks)
    });
    for (job, outcome) in jobs.iter().zip(outcomes) {
        report[job.section]
            .1
            .push(job.kind.judge(&job.step, outcome));
    }
    report.push(("solutions: clippy and rustfmt".to_string(), lint_checks));

    Ok(print_report(&report))
}

#[derive(Debug, Clone)]
enum Kind {
    Starter,
    Solution,
    /// A known wrong answer, which the step's tests must reject.
    Wrong(WrongAnswer),
}

impl Kind {
    fn claim(&self) -> String {
        match self {
            Kind::Starter => "starter fails as committed".to_string(),
            Kind::Solution => "solution passes".to_string(),
            Kind::Wrong(wrong) => format!(
                "rejects {} ({})",
                wrong.file.file_name().unwrap_or_default().to_string_lossy(),
                wrong.mistake
            ),
        }
    }

    fn judge(&self, step: &str, outcome: anyhow::Result<Outcome>) -> Check {
        let result = match (self, outcome) {
            (_, Err(err)) => Err(format!("could not run: {err:#}")),
            (Kind::Wrong(_), Ok(Outcome::TimedOut { after, .. })) => Err(format!(
                "timed out after {after:?}: the tests must reject a wrong answer with a \
                 message, under their own outer timeout, not hang"
            )),
            (_, Ok(Outcome::TimedOut { after, .. })) => Err(format!(
                "timed out after {after:?}: possible deadlock or blocking call in {step}"
            )),
            (Kind::Starter, Ok(outcome)) if outcome.failed_cleanly() => Ok(tally(outcome.output())),
            (Kind::Starter, Ok(Outcome::Passed { .. })) => {
                Err("the starter PASSES its tests: the step proves nothing".to_string())
            }
            (Kind::Starter, Ok(outcome)) => Err(format!(
                "the starter crashed instead of failing its tests:\n{}",
                tail(outcome.output(), 15)
            )),
            (Kind::Solution, Ok(Outcome::Passed { output })) => Ok(tally(&output)),
            (Kind::Solution, Ok(outcome)) => Err(format!(
                "the solution fails:\n{}",
                tail(outcome.output(), 30)
            )),
            (Kind::Wrong(wrong), Ok(outcome)) => judge_wrong(wrong, &outcome),
        };
        Check::new(self.claim(), result)
    }
}

/// A wrong answer is rejected when its tests run and fail, and the failure says what
/// the wrong answer is known to get (`//! Expect:`), so the book can quote it.
fn judge_wrong(wrong: &WrongAnswer, outcome: &Outcome) -> Result<String, String> {
    let first = first_message(outcome.output());
    match outcome {
        Outcome::Passed { .. } => Err(format!(
            "the tests ACCEPT this wrong answer ({}): they do not prove what the step teaches",
            wrong.mistake
        )),
        _ if !outcome.failed_cleanly() => Err(format!(
            "it crashed instead of failing the tests:\n{}",
            tail(outcome.output(), 15)
        )),
        _ if !outcome.output().contains(&wrong.expect) => Err(format!(
            "rejected, but no message contains the expected `{}`; the first one says:\n{first}",
            wrong.expect
        )),
        _ => Ok(format!("{}; says: {first}", tally(outcome.output()))),
    }
}

/// The first failure message a learner would see, in a line or three.
fn first_message(output: &str) -> String {
    let report = trim::test_report(output);
    let lines: Vec<&str> = report
        .lines()
        .skip_while(|l| l.starts_with('✗'))
        .take_while(|l| l.starts_with("    "))
        .map(str::trim)
        .filter(|l| !l.starts_with("thread '") && !l.starts_with("panicked at "))
        .take(3)
        .collect();
    if lines.is_empty() {
        tail(output, 3)
    } else {
        lines.join(" / ")
    }
}

#[derive(Debug)]
struct Job {
    /// The report section the verdict goes to.
    section: usize,
    kind: Kind,
    step: String,
    binary: TestBinary,
}

/// Runs the jobs on twice as many threads as there are cores; results in job order.
///
/// Twice: much of the check's time is waiting, not computing. Measured on the course
/// machine (2 cores), 249 binaries took 209 s in all, 115 s of it in 17 wrong answers
/// that sleep until their test's own timeout (a deadlock, a lost wake-up, a retry
/// without end: 5 to 10 s each, idle). The tests are built to give the same verdict
/// under load (runs of the whole suite beside two CPU hogs prove it), so overlapping
/// the waits is safe.
fn run_jobs(jobs: &[Job], timeout: Duration) -> Vec<anyhow::Result<Outcome>> {
    let workers = 2 * thread::available_parallelism().map_or(2, |n| n.get());
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<anyhow::Result<Outcome>>>> =
        Mutex::new(jobs.iter().map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..workers.min(jobs.len()) {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap_or_else(|e| e.into_inner());
                        let index = *next;
                        *next += 1;
                        index
                    };
                    let Some(job) = jobs.get(index) else { break };
                    let outcome = testrun::run(&job.binary, timeout);
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(anyhow::anyhow!("the job did not run"))))
        .collect()
}

/// The real workspace's target folder.
fn target_dir(course: &Course) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                course.root.join(dir)
            }
        })
        .unwrap_or_else(|| course.root.join("target"))
}

/// Where the scratch workspace goes: inside the target folder, out of git's and the
/// learner's way.
fn scratch_dir(course: &Course) -> std::path::PathBuf {
    target_dir(course).join("xtask-check")
}

/// Builds the whole scratch workspace at once, into the real target folder (its
/// dependencies are already built there); cargo's failure to run at all is the reason
/// string.
fn build_scratch(course: &Course, scratch: &Scratch) -> Result<WorkspaceBuild, String> {
    match testrun::build_workspace(&scratch.root, &target_dir(course)) {
        Ok(built) => match &built.cargo_error {
            Some(why) => Err(tail(why, 30)),
            None => Ok(built),
        },
        Err(err) => Err(format!("{err:#}")),
    }
}

/// The test binaries of one scratch crate, or why it has none.
fn scratch_binaries(
    built: &Result<WorkspaceBuild, String>,
    package: &str,
) -> Result<Vec<TestBinary>, String> {
    let built = built.as_ref().map_err(String::clone)?;
    if let Some(errors) = built.errors.get(package) {
        return Err(format!(
            "{package} does not compile (a compile error is not a rejection):\n{}",
            tail(errors, 30)
        ));
    }
    Ok(built
        .binaries
        .iter()
        .filter(|b| b.package == package)
        .cloned()
        .collect())
}

fn find_binary(
    built: &Result<Vec<TestBinary>, String>,
    test: &str,
    package: &str,
) -> Result<TestBinary, String> {
    built.as_ref().map_err(String::clone).and_then(|binaries| {
        binaries
            .iter()
            .find(|b| b.target == test)
            .cloned()
            .ok_or_else(|| format!("no test target `{test}` in {package}"))
    })
}

/// Builds every test target of a package; a compile error becomes the reason string.
fn build_package(course: &Course, package: &str) -> Result<Vec<TestBinary>, String> {
    let target = Target {
        package: package.to_string(),
        test: None,
    };
    match testrun::build(&course.root, &[target]) {
        Ok(Build::Built(binaries)) => Ok(binaries),
        Ok(Build::CompileError(report)) => Err(format!(
            "{package} does not compile:\n{}",
            tail(&report, 30)
        )),
        Err(err) => Err(format!("{err:#}")),
    }
}

/// The claims a step's metadata makes: a TODO to find, a hint, a page that exists.
/// The starter is read as committed, like the one the tests ran on.
fn metadata_checks(course: &Course, scratch: &Scratch, lesson: &Lesson, step: &Step) -> Vec<Check> {
    let solution = course.solution_file(lesson, step);
    let starter_text = scratch
        .starters
        .get(&step.id)
        .cloned()
        .unwrap_or_else(|| Err("no starter".to_string()));
    let solution_text = fs::read_to_string(&solution);

    let todo = match &starter_text {
        Ok(text) if text.contains("// TODO") => Ok(String::new()),
        Ok(_) => Err(format!(
            "no `// TODO` in the committed {}",
            step.file.display()
        )),
        Err(err) => Err(err.clone()),
    };
    let differs = match (&starter_text, &solution_text) {
        (Ok(a), Ok(b)) if a != b => Ok(String::new()),
        (Ok(_), Ok(_)) => Err(format!(
            "the committed {} is identical to its solution",
            step.file.display()
        )),
        (_, Err(err)) => Err(format!("cannot read {}: {err}", solution.display())),
        (Err(_), _) => Err("no starter to compare".to_string()),
    };
    let hint = if step.hint.trim().is_empty() {
        Err("the hint is empty".to_string())
    } else {
        Ok(String::new())
    };
    let page = course.chapter_file(step);
    let chapter = match (fs::read_to_string(&page), step.chapter_anchor()) {
        (Err(_), _) => Err(format!("chapter page {} does not exist", page.display())),
        (Ok(_), None) => Ok(String::new()),
        (Ok(text), Some(anchor)) if heading_slugs(&text).iter().any(|s| s == anchor) => {
            Ok(String::new())
        }
        (Ok(_), Some(anchor)) => Err(format!(
            "{} has no heading with the anchor #{anchor}",
            page.display()
        )),
    };
    vec![
        Check::new("starter has a // TODO", todo),
        Check::new("starter differs from the solution", differs),
        Check::new("hint is written", hint),
        Check::new(format!("chapter page {} exists", step.chapter), chapter),
    ]
}

/// The solution's `[[test]]` targets must be exactly the exercise's `tests/*.rs` files,
/// and those exactly the steps' test targets: one set of tests, run against both crates.
fn tests_written_once(course: &Course, lesson: &Lesson) -> Result<String, String> {
    let tests_dir = course.exercise_dir(lesson).join("tests");
    let mut exercise_tests: Vec<String> = fs::read_dir(&tests_dir)
        .map_err(|err| format!("cannot read {}: {err}", tests_dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    exercise_tests.sort();

    let mut step_tests: Vec<String> = lesson.steps.iter().map(|s| s.test.clone()).collect();
    step_tests.sort();
    if exercise_tests != step_tests {
        return Err(format!(
            "tests/*.rs {exercise_tests:?} and the steps' test targets {step_tests:?} differ"
        ));
    }

    let manifest_path = course.solution_dir(lesson).join("Cargo.toml");
    let manifest: toml::Table = fs::read_to_string(&manifest_path)
        .map_err(|err| err.to_string())
        .and_then(|text| text.parse().map_err(|err: toml::de::Error| err.to_string()))
        .map_err(|err| format!("cannot read {}: {err}", manifest_path.display()))?;
    if manifest
        .get("package")
        .and_then(|p| p.get("autotests"))
        .and_then(toml::Value::as_bool)
        != Some(false)
    {
        return Err(format!(
            "{} must set `autotests = false`",
            manifest_path.display()
        ));
    }
    let mut solution_tests = Vec::new();
    for test in manifest
        .get("test")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = test
            .get("name")
            .and_then(toml::Value::as_str)
            .unwrap_or_default();
        let path = test
            .get("path")
            .and_then(toml::Value::as_str)
            .unwrap_or_default();
        let want = tests_dir.join(format!("{name}.rs"));
        let got = course.solution_dir(lesson).join(path);
        let same = matches!(
            (got.canonicalize(), want.canonicalize()),
            (Ok(a), Ok(b)) if a == b
        );
        if !same {
            return Err(format!(
                "[[test]] `{name}` of {} points at {path}, not at the exercise's {}",
                lesson.solution,
                want.display()
            ));
        }
        solution_tests.push(name.to_string());
    }
    solution_tests.sort();
    if solution_tests != step_tests {
        return Err(format!(
            "{} runs {solution_tests:?}, the steps need {step_tests:?}",
            lesson.solution
        ));
    }
    Ok(format!("{} test files", step_tests.len()))
}

/// Files the learner is given rather than asked to write (a small library the steps
/// use, say) are in both crates, as copies: the solution never reads the learner's
/// files. The copies must not drift apart.
fn given_files_agree(
    course: &Course,
    scratch: &Scratch,
    lesson: &Lesson,
) -> Result<String, String> {
    let given = scratch
        .given
        .get(&lesson.lesson)
        .map_or(&[][..], Vec::as_slice);
    for (path, bytes) in given {
        let copy = course.solution_dir(lesson).join(path);
        match fs::read(&copy) {
            Ok(theirs) if theirs == *bytes => {}
            Ok(_) => {
                return Err(format!(
                    "{} differs from the exercise's committed {}",
                    copy.display(),
                    path.display()
                ));
            }
            Err(err) => return Err(format!("cannot read {}: {err}", copy.display())),
        }
    }
    Ok(format!("{} given file(s)", given.len()))
}

/// clippy `-D warnings` and `rustfmt --check` over the solution packages, and
/// `rustfmt --check` over the known wrong answers (the book shows them).
fn lint_solutions(
    course: &Course,
    packages: &[String],
    wrong_files: &[std::path::PathBuf],
) -> Vec<Check> {
    let mut clippy = Command::new(testrun::cargo());
    clippy.args(["clippy", "--quiet", "--all-targets"]);
    let mut fmt = Command::new(testrun::cargo());
    fmt.args(["fmt", "--check"]);
    for package in packages {
        clippy.args(["--package", package]);
        fmt.args(["--package", package]);
    }
    clippy.args(["--", "-D", "warnings"]);
    fmt.args(["--", "--color", "never"]);
    let mut wrong_fmt = Command::new("rustfmt");
    wrong_fmt
        .args(["--check", "--edition", "2024", "--color", "never"])
        .args(wrong_files);
    let mut commands = vec![("clippy -D warnings", clippy), ("rustfmt --check", fmt)];
    if !wrong_files.is_empty() {
        commands.push(("known wrong answers: rustfmt --check", wrong_fmt));
    }
    commands
        .into_iter()
        .map(|(what, mut cmd)| {
            let result = match cmd.current_dir(&course.root).stdin(Stdio::null()).output() {
                Ok(out) if out.status.success() => Ok(String::new()),
                Ok(out) => Err(tail(
                    &format!(
                        "{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    ),
                    30,
                )),
                Err(err) => Err(format!("cannot run cargo: {err}")),
            };
            Check::new(what, result)
        })
        .collect()
}

/// "3 of 4 tests fail" / "4 tests pass", from libtest's summary lines.
fn tally(output: &str) -> String {
    let (mut passed, mut failed) = (0u32, 0u32);
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        for part in line.split([';', '.']) {
            let mut words = part.split_whitespace();
            if let (Some(n), Some(word)) = (words.next(), words.next()) {
                match (n.parse::<u32>(), word) {
                    (Ok(n), "passed") => passed += n,
                    (Ok(n), "failed") => failed += n,
                    _ => {}
                }
            }
        }
    }
    if failed > 0 {
        format!("{failed} of {} tests fail", passed + failed)
    } else {
        format!("{passed} tests pass")
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Prints every section; returns true when every check passed.
fn print_report(report: &[Section]) -> bool {
    let (mut passed, mut failed) = (0usize, 0usize);
    for (title, checks) in report {
        println!("{title}");
        for check in checks {
            match &check.result {
                Ok(detail) => {
                    passed += 1;
                    let detail = if detail.is_empty() {
                        String::new()
                    } else {
                        format!(" ({detail})")
                    };
                    println!("    ok    {}{detail}", check.what);
                }
                Err(why) => {
                    failed += 1;
                    println!("    FAIL  {}", check.what);
                    for line in why.lines() {
                        println!("          {line}");
                    }
                }
            }
        }
    }
    println!();
    println!("{passed} passed, {failed} failed");
    failed == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_libtest_summaries() {
        let out = "test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured\n";
        assert_eq!(tally(out), "3 of 4 tests fail");
        let ok = "test result: ok. 2 passed; 0 failed;\ntest result: ok. 1 passed; 0 failed;";
        assert_eq!(tally(ok), "3 tests pass");
    }

    #[test]
    fn a_passing_starter_is_a_failed_check() {
        let check = Kind::Starter.judge(
            "s1",
            Ok(Outcome::Passed {
                output: String::new(),
            }),
        );
        assert!(check.result.unwrap_err().contains("proves nothing"));
    }

    #[test]
    fn a_timeout_names_the_likely_cause() {
        let outcome = Outcome::TimedOut {
            after: Duration::from_secs(15),
            output: String::new(),
        };
        let check = Kind::Solution.judge("01-join", Ok(outcome));
        let why = check.result.unwrap_err();
        assert!(
            why.contains("possible deadlock or blocking call in 01-join"),
            "{why}"
        );
    }
}
