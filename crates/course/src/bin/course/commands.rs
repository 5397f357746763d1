//! The one-shot subcommands: `list`, `verify`, `hint`, `reset`, `solution`.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use course::check::{self, Control, Report};
use course::meta::{Course, Lesson, Step};
use course::starter;
use course::state::{State, Status};
use course::testrun::Stopped;
use course::trim;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{find_step, interrupt, load_state, progress, shown};

/// How many lines of details `verify` shows for one step.
const DETAIL_LINES: usize = 40;

/// `course list`: every step with its status, then the progress bar.
pub fn list(course: &Course) -> anyhow::Result<ExitCode> {
    let state = load_state(course)?;
    print!("{}", step_list(course, &state, None));
    println!();
    println!("{}", progress::of(course, &state));
    match state.first_unsolved(course) {
        Some((_, step)) => println!("next: {} (run `cargo course` to work on it)", step.id),
        None => println!("every step passes: well done"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The list of steps grouped by lesson, `current` marked with `▶`.
pub fn step_list(course: &Course, state: &State, current: Option<&str>) -> String {
    let width = course.steps().map(|(_, s)| s.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for lesson in &course.lessons {
        out.push_str(&format!("Lesson {}: {}\n", lesson.lesson, lesson.title));
        for step in &lesson.steps {
            let mark = match state.status(&step.id) {
                Status::Passed => '✓',
                Status::Failed => '✗',
                Status::NotStarted => '·',
            };
            let here = if current == Some(step.id.as_str()) {
                '▶'
            } else {
                ' '
            };
            out.push_str(&format!(
                "{here} {mark} {:width$}  {}\n",
                step.id, step.title
            ));
        }
    }
    out.push_str("(✓ passes   ✗ not passing yet   · not started)\n");
    out
}

/// `course verify [ID]`: checks, records, reports; the last line is `N passed, N failed`.
/// Ctrl-C stops the check under way, cargo's build included, and ends with code 130.
pub fn verify(course: &Course, id: Option<&str>, timeout: Duration) -> anyhow::Result<ExitCode> {
    load_state(course)?;
    let control = Control::default();
    let stop = Arc::clone(&control.stop);
    interrupt::on_ctrl_c(move || stop.store(true, Ordering::Relaxed))?;
    match verify_with(course, id, timeout, &control) {
        Err(err) if err.is::<Stopped>() => {
            eprintln!("stopped (Ctrl-C): the build and the tests it started are stopped too");
            Ok(ExitCode::from(interrupt::EXIT_CODE))
        }
        other => other,
    }
}

fn verify_with(
    course: &Course,
    id: Option<&str>,
    timeout: Duration,
    control: &Control,
) -> anyhow::Result<ExitCode> {
    let mut reports: Vec<(&Lesson, &Step, Report)> = Vec::new();

    if let Some((lesson, step)) = id.and_then(|id| course.step(id)) {
        // One step: its own target only, and its details in full.
        let report = with_spinner(&format!("checking {}", step.id), || {
            crate::check_one(course, lesson, step, timeout, control)
        })?;
        record(course, &report)?;
        println!("{}", report.headline());
        print_details(lesson, step, &report, DETAIL_LINES);
        reports.push((lesson, step, report));
    } else {
        let lessons: Vec<&Lesson> = course
            .lessons
            .iter()
            .filter(|l| id.is_none_or(|id| id == l.lesson || id == l.folder))
            .collect();
        if lessons.is_empty() {
            anyhow::bail!(
                "unknown step or lesson `{}` (`cargo course list` shows every step id)",
                id.unwrap_or_default()
            );
        }
        for lesson in lessons {
            println!("Lesson {}: {}", lesson.lesson, lesson.title);
            let steps: Vec<&Step> = lesson.steps.iter().collect();
            let found = with_spinner(&format!("building {}", lesson.package), || {
                check::steps(course, lesson, &steps, timeout, control)
            })?;
            let mut detailed = false;
            for (step, report) in lesson.steps.iter().zip(found) {
                record(course, &report)?;
                println!("  {}", report.headline());
                // The first failing step of a lesson is the one to work on: its details
                // are shown; the others would repeat the same kind of news.
                if !report.passed() && !detailed {
                    print_details(lesson, step, &report, 15);
                    detailed = true;
                }
                reports.push((lesson, step, report));
            }
        }
    }

    let passed = reports.iter().filter(|(_, _, r)| r.passed()).count();
    let failed = reports.len() - passed;
    if failed > 0 && reports.len() > 1 {
        println!("(`cargo course verify ID` shows one step in full)");
    }
    println!();
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn record(course: &Course, report: &Report) -> anyhow::Result<()> {
    State::update(&course.root, |s| report.record(s))?;
    Ok(())
}

fn print_details(lesson: &Lesson, step: &Step, report: &Report, lines: usize) {
    if report.passed() || report.details.is_empty() {
        return;
    }
    for line in trim::cap(&report.details, lines, &check::see_all(lesson, step)).lines() {
        println!("      {line}");
    }
}

/// Runs `work` under a spinner on stderr (drawn only when stderr is a terminal).
fn with_spinner<T>(message: &str, work: impl FnOnce() -> T) -> T {
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("  {spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.set_message(message.to_string());
    spinner.enable_steady_tick(Duration::from_millis(120));
    let result = work();
    spinner.finish_and_clear();
    result
}

/// `course hint [ID]`: the hint of a step; of the first unsolved step without an id.
/// A lesson id (`01`) is not a step: it says so, and shows the hint of the lesson's first
/// unsolved step.
pub fn hint(course: &Course, id: Option<&str>) -> anyhow::Result<ExitCode> {
    let state = load_state(course)?;
    let (lesson, step) = match id {
        Some(id) if course.step(id).is_none() => {
            let Some(lesson) = course
                .lessons
                .iter()
                .find(|l| id == l.lesson || id == l.folder)
            else {
                return Err(unknown_step(id));
            };
            let step = lesson
                .steps
                .iter()
                .find(|s| !state.passed(&s.id))
                .unwrap_or(&lesson.steps[0]);
            eprintln!(
                "`{id}` is a lesson; `cargo course hint` takes a step id such as {} (`cargo \
                 course list` shows them all). Here is the hint of its first unsolved step:",
                step.id
            );
            (lesson, step)
        }
        Some(id) => find_step(course, id)?,
        None => crate::book::current_step(course, &state),
    };
    println!("Hint for {} ({}):", step.id, step.title);
    println!();
    println!("{}", step.hint.trim_end());
    println!();
    for line in crate::book::reading(course, &state, lesson, step) {
        println!("{}", line.trim_start());
    }
    println!(
        "edit  {}",
        shown(course, &course.starter_file(lesson, step))
    );
    Ok(ExitCode::SUCCESS)
}

fn unknown_step(id: &str) -> anyhow::Error {
    anyhow::anyhow!("unknown step `{id}` (`cargo course list` shows every step id)")
}

/// `course reset ID [--yes]`: the step's starter file back from git; nothing else.
pub fn reset(course: &Course, id: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let (lesson, step) = find_step(course, id)?;
    let state = load_state(course)?;
    let path = course.starter_file(lesson, step);
    let relative = path.strip_prefix(&course.root).unwrap_or(&path);
    let (original, source) =
        starter::original(&course.root, relative, state.starter_commit.as_deref())?;
    let current = match fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
    };

    if current.as_deref() == Some(&original[..]) {
        println!(
            "{} is already its starter (as in {source})",
            relative.display()
        );
    } else {
        if current.is_some() && !yes && !confirm(&relative.display().to_string())? {
            println!("nothing changed");
            return Ok(ExitCode::SUCCESS);
        }
        fs::write(&path, &original).with_context(|| format!("cannot write {}", path.display()))?;
        println!(
            "restored {} to its starter from {source}",
            relative.display()
        );
    }
    State::update(&course.root, |s| s.forget(&step.id))?;
    println!("{} is marked not started", step.id);
    Ok(ExitCode::SUCCESS)
}

/// Asks before discarding edits. Without a terminal to ask on, refuses (exit code 2):
/// a script must say `--yes` to throw work away.
fn confirm(file: &str) -> anyhow::Result<bool> {
    let stdin = io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!("{file} has edits; run again with --yes to discard them");
    }
    print!("discard your edits to {file}? [y/N] ");
    io::stdout().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// `course solution ID [--force]`.
pub fn solution(course: &Course, id: &str, force: bool) -> anyhow::Result<ExitCode> {
    let (lesson, step) = find_step(course, id)?;
    let state = load_state(course)?;
    if !force && !state.passed(&step.id) {
        eprintln!(
            "error: {} has not passed yet: solve it first (`cargo course`), or add --force \
             to see the solution now",
            step.id
        );
        return Ok(ExitCode::FAILURE);
    }
    let path = course.solution_file(lesson, step);
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    println!("Solution of {} ({}):", step.id, shown(course, &path));
    println!();
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
