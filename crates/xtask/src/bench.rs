//! `cargo xtask bench-loop`: how long from saving a step's file to seeing its result?
//!
//! It measures what a learner waits for in `cargo course` (watch mode), through the same
//! parts and the same code: the file watcher (`course::files`) has to notice the save,
//! its debounce included, then `course::check` rebuilds the one package and test
//! target, then runs the test binary. Each edit puts a different comment at the top of
//! the step's file, so the compiler really has new source to read.
//!
//! It edits a scratch copy of the lesson (`course::scratch`), never the real step file:
//! the learner's work (or the maintainer's) cannot be lost, whatever stops the bench.
//! The copy builds into `target/bench-loop/` (under `CARGO_TARGET_DIR` when set), kept
//! between runs: the first run compiles the lesson's dependencies there, later runs
//! start warm. The numbers in the README and the book's "How to use" page come from it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use course::check::{self, Control, Report};
use course::files::{Change, Watcher};
use course::meta::{Course, Lesson, Step};
use course::scratch::ScratchLesson;
use course::testrun::Stopped;
use kit::measure::{Summary, secs};

/// The longest the watcher may take to report a save before the bench gives up.
const NOTICE_LIMIT: Duration = Duration::from_secs(10);

/// What each timed edit does to the step's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Edit {
    /// A different comment on the first line each time (no code changes)
    Comment,
    /// The step's solution and the starter in turn (a real change of code)
    Solution,
}

/// The bench's settings, from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub id: Option<String>,
    pub runs: usize,
    pub edit: Edit,
    pub timeout: Duration,
}

/// Runs the bench on `real`'s step; true when every check ran (pass or fail: the verdict
/// does not matter here, the time does).
pub fn run(real: &Course, settings: &Settings) -> anyhow::Result<bool> {
    let (lesson, step) = match &settings.id {
        Some(id) => real.step(id).ok_or_else(|| {
            anyhow::anyhow!("unknown step `{id}` (`cargo course list` shows every step id)")
        })?,
        None => real.steps().next().context("the course has no steps")?,
    };
    let target = target_dir(real).join("bench-loop");
    let copy = ScratchLesson::new(real, lesson, &target)?;
    let course = &copy.course;
    let (lesson, step) = course
        .step(&step.id)
        .context("the scratch copy lost the step")?;
    let file = course.starter_file(lesson, step);
    let solution = match settings.edit {
        Edit::Comment => None,
        Edit::Solution => {
            let path = real.solution_file(lesson, step);
            Some(fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?)
        }
    };
    println!(
        "bench-loop: {} in a scratch copy ({}), {}; builds go to {}",
        step.id,
        copy.root().display(),
        match settings.edit {
            Edit::Comment => "a comment added at the top of its file each time",
            Edit::Solution => "its file swapped with its solution and back",
        },
        target.display()
    );

    // Ctrl-C stops the check under way (cargo's build included), and the scratch copy is
    // removed on the way out.
    let control = Control::default();
    let stop = Arc::clone(&control.stop);
    on_ctrl_c(move || stop.store(true, Ordering::Relaxed))?;
    match measure(
        course,
        lesson,
        step,
        &file,
        solution.as_deref(),
        settings,
        &control,
    ) {
        Err(err) if err.is::<Stopped>() => {
            println!("stopped (Ctrl-C)");
            Ok(false)
        }
        other => other,
    }
}

fn measure(
    course: &Course,
    lesson: &Lesson,
    step: &Step,
    file: &Path,
    solution: Option<&[u8]>,
    settings: &Settings,
    control: &Control,
) -> anyhow::Result<bool> {
    let check = || -> anyhow::Result<Report> {
        check::steps(course, lesson, &[step], settings.timeout, control)?
            .pop()
            .context("the check of one step made no report")
    };
    println!("warm-up check (the first one in target/bench-loop builds the dependencies too)");
    let (warm, took) = kit::measure::time(check);
    println!("warm-up check: {} ({})", secs(took), warm?.headline());

    let (tx, rx) = mpsc::channel();
    let _watcher = Watcher::start(&course.exercise_dir(lesson), tx, |change| change)
        .context("cannot watch the scratch copy's files")?;
    let original = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut total = Vec::new();
    let (mut notice, mut build, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=settings.runs {
        // Forget events from the previous round (the build reading files, say).
        while rx.try_recv().is_ok() {}
        let start = Instant::now();
        fs::write(file, edited(&original, round, solution))
            .with_context(|| format!("cannot write {}", file.display()))?;
        wait_for_save(&rx, file)?;
        let noticed = start.elapsed();
        let report = check()?;
        let took = start.elapsed();
        println!(
            "edit {round:>2}: {}  (noticed {}, cargo {}, tests {}) {}",
            secs(took),
            secs(noticed),
            secs(report.build_time),
            secs(report.run_time),
            report.headline()
        );
        total.push(took);
        notice.push(noticed);
        build.push(report.build_time);
        test.push(report.run_time);
    }

    let median = |samples: &[Duration]| Summary::of(samples).map_or(Duration::ZERO, |s| s.median);
    println!();
    println!(
        "phases (medians): watcher {}, cargo {}, tests {}",
        secs(median(&notice)),
        secs(median(&build)),
        secs(median(&test))
    );
    if let Some(summary) = Summary::of(&total) {
        println!("edit → result for {}: {summary}", step.id);
    }
    Ok(true)
}

/// Where cargo builds by default: `CARGO_TARGET_DIR`, else the workspace's `target/`.
fn target_dir(course: &Course) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| course.root.join("target"))
}

fn wait_for_save(rx: &mpsc::Receiver<Change>, file: &Path) -> anyhow::Result<()> {
    let deadline = Instant::now() + NOTICE_LIMIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Change::Saved(paths)) if paths.iter().any(|p| p == file) => return Ok(()),
            Ok(Change::Saved(_)) => continue,
            Ok(Change::Failed(why)) => anyhow::bail!("the file watcher failed: {why}"),
            Err(_) => anyhow::bail!(
                "the file watcher did not report the edit within {}",
                secs(NOTICE_LIMIT)
            ),
        }
    }
}

/// Edit number `round` of a file whose original content is `original`. With a
/// `solution`, odd rounds write it and even rounds the original. Otherwise a numbered
/// comment goes on the first line: every line below moves down, so the compiler has to
/// redo the file's spans and debug info (a comment at the end would let incremental
/// compilation skip nearly everything).
fn edited(original: &[u8], round: usize, solution: Option<&[u8]>) -> Vec<u8> {
    match solution {
        Some(solution) if round % 2 == 1 => solution.to_vec(),
        Some(_) => original.to_vec(),
        None => {
            let mut text = format!("// bench-loop: edit {round}\n").into_bytes();
            text.extend_from_slice(original);
            text
        }
    }
}

/// Calls `handler` on SIGINT instead of ending the process: cargo runs in a process group
/// of its own, out of reach of the terminal's Ctrl-C, so the bench stops it itself.
#[cfg(unix)]
fn on_ctrl_c(handler: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            handler();
        }
    });
    Ok(())
}

/// On Windows, Ctrl-C reaches every process of the console, cargo included.
#[cfg(not(unix))]
fn on_ctrl_c(_handler: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_edit_is_new_source_or_a_swap() {
        let original = b"fn f() {}\n";
        let first = edited(original, 1, None);
        assert_eq!(first, b"// bench-loop: edit 1\nfn f() {}\n");
        assert_ne!(first, edited(original, 2, None));
        assert_eq!(edited(original, 1, Some(b"fn g() {}\n")), b"fn g() {}\n");
        assert_eq!(edited(original, 2, Some(b"fn g() {}\n")), original);
    }
}
