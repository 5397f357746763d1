//! `course bench`: how long from saving a step's file to seeing its result?
//!
//! It measures what the learner waits for in watch mode, through the same parts: the
//! file watcher has to notice the save (its debounce included), then cargo rebuilds the
//! one package and test target, then the test binary runs. Each edit appends a different
//! comment to the step's file, so the compiler really has new source to read. The file
//! is put back byte for byte at the end, even when a run fails, and from a backup on
//! disk by the next `course` command if the bench is killed (see [`backup`]).

mod backup;

use std::fs;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use course::check::Control;
use course::meta::Course;
use kit::measure::{Summary, secs};

use crate::Edit;
use crate::files::{Change, Watcher};
use crate::{check_one, find_step, shown};

use backup::Backup;
pub use backup::recover;

/// The longest the watcher may take to report a save before the bench gives up.
const NOTICE_LIMIT: Duration = Duration::from_secs(10);

pub fn run(
    course: &Course,
    id: Option<&str>,
    runs: usize,
    edit: Edit,
    timeout: Duration,
) -> anyhow::Result<ExitCode> {
    let (lesson, step) = match id {
        Some(id) => find_step(course, id)?,
        // `main` made sure the course has at least one step.
        None => course.steps().next().context("the course has no steps")?,
    };
    let file = course.starter_file(lesson, step);
    let control = Control::default();

    let (tx, rx) = mpsc::channel();
    let _watcher = Watcher::start(&course.exercise_dir(lesson), tx, |change| change)
        .context("cannot watch the exercise files")?;

    let solution = match edit {
        Edit::Comment => None,
        Edit::Solution => {
            let path = course.solution_file(lesson, step);
            Some(fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?)
        }
    };
    println!(
        "bench: edit {} ({}) and wait for its result",
        shown(course, &file),
        match edit {
            Edit::Comment => "a comment at the top",
            Edit::Solution => "swapped with its solution and back",
        }
    );
    let (warm, took) = kit::measure::time(|| check_one(course, lesson, step, timeout, &control));
    println!("warm-up check: {} ({})", secs(took), warm?.headline());

    let mut backup = Backup::take(course, &step.id, &file)?;
    let mut total = Vec::new();
    let (mut notice, mut build, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=runs {
        // Forget events from the previous round (the build reading files, say).
        while rx.try_recv().is_ok() {}
        let start = Instant::now();
        let edit = edited(backup.original(), round, solution.as_deref());
        backup.write(&edit)?;
        wait_for_save(&rx, &file)?;
        let noticed = start.elapsed();
        let report = check_one(course, lesson, step, timeout, &control)?;
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
    drop(backup);

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
    Ok(ExitCode::SUCCESS)
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
            let mut text = format!("// course bench: edit {round}\n").into_bytes();
            text.extend_from_slice(original);
            text
        }
    }
}
