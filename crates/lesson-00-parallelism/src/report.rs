//! Turning runs into what the reader sees: result tables and timeline pictures.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use kit::measure::{self, Summary, Table};
use kit::timeline::Rows;

use crate::approach::{Approach, Outcome, Workload, ideal_speedup};

/// What the speed-ups are measured against, and the machine's limits.
#[derive(Debug, Clone, Copy)]
pub struct Machine {
    /// `std::thread::available_parallelism()`.
    pub cores: usize,
    /// The threads in rayon's global pool.
    pub pool: usize,
}

impl Machine {
    pub fn this() -> Self {
        Self {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            pool: rayon::current_num_threads(),
        }
    }
}

/// A table of single runs: time, speed-up over sequential, the ideal, threads used.
pub fn runs_table(outcomes: &[Outcome], tasks: usize, machine: Machine) -> Table {
    let mut table = Table::new([
        "workload", "approach", "time", "speed-up", "ideal", "threads",
    ]);
    for o in outcomes {
        let base = baseline(
            outcomes.iter().map(|o| (o.workload, o.approach, o.elapsed)),
            o.workload,
        );
        table.row([
            o.workload.label().to_string(),
            o.approach.label().to_string(),
            measure::secs(o.elapsed),
            base.map_or("-".into(), |b| measure::speedup(b, o.elapsed)),
            ideal(o.approach, o.workload, tasks, machine),
            o.threads_used().to_string(),
        ]);
    }
    table
}

/// A table of repeated runs: median, min and max, and the median's speed-up.
pub fn bench_table(
    results: &[(Workload, Approach, Summary)],
    tasks: usize,
    machine: Machine,
) -> Table {
    let mut table = Table::new([
        "workload", "approach", "median", "min", "max", "speed-up", "ideal",
    ]);
    for (workload, approach, summary) in results {
        let medians = results.iter().map(|(w, a, s)| (*w, *a, s.median));
        let base = baseline(medians, *workload);
        table.row([
            workload.label().to_string(),
            approach.label().to_string(),
            measure::secs(summary.median),
            measure::secs(summary.min),
            measure::secs(summary.max),
            base.map_or("-".into(), |b| measure::speedup(b, summary.median)),
            ideal(*approach, *workload, tasks, machine),
        ]);
    }
    table
}

/// The sequential time of `workload`, if it was measured.
fn baseline(
    mut times: impl Iterator<Item = (Workload, Approach, Duration)>,
    workload: Workload,
) -> Option<Duration> {
    times
        .find(|&(w, a, _)| w == workload && a == Approach::Sequential)
        .map(|(_, _, t)| t)
}

fn ideal(approach: Approach, workload: Workload, tasks: usize, machine: Machine) -> String {
    let x = ideal_speedup(approach, workload, tasks, machine.cores, machine.pool);
    format!("{x:.1}×")
}

/// "1 core", "2 cores": a count and its noun, in the singular or the plural.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The title of a run's picture.
pub fn title(o: &Outcome, tasks: usize, machine: Machine) -> String {
    format!(
        "{} work, {}: {} ({}), {}",
        o.workload.label(),
        count(tasks, "task"),
        o.approach.label(),
        count(machine.cores, "core"),
        measure::secs(o.elapsed)
    )
}

/// Writes one SVG per run into `dir` (`cpu-threads.svg`, …), returning the paths.
pub fn write_svgs(
    dir: &Path,
    outcomes: &[Outcome],
    tasks: usize,
    machine: Machine,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for o in outcomes {
        let path = dir.join(format!("{}-{}.svg", o.workload.slug(), o.approach.slug()));
        o.timeline
            .write_svg(&path, Rows::Thread, &title(o, tasks, machine))
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
