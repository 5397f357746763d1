//! `lesson-08 bench`: images per second and CPU use of every version, same batch.
//!
//! Each version runs `--runs` times on the same clean batch; the table shows the median
//! run (by time), its throughput, how much of the cores the process kept busy, and the
//! most images held in memory at once. The goal: the pipeline keeps both cores busy and
//! beats the best single-tool version (threads everywhere, or async everywhere).

use std::path::Path;

use kit::cli::in_range;
use kit::measure::{Align, Table, secs};

use crate::{Part, Run, Setup, VERSIONS, cpu, write_report};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct BenchArgs {
    /// Runs per version; the median run is reported.
    #[arg(long, default_value_t = 3, value_parser = in_range(1usize, 50))]
    runs: usize,
    // The kit's global `--present`, which bench refuses (it has no parts). clap copies a
    // global flag into every subcommand that has none of that id, so `bench --help` would
    // list it; declared here, hidden, it stays out of bench's help, and clap still passes
    // its value up to the global one, which `main` checks. Never read.
    #[arg(long = "present", id = "present", hide = true)]
    _present: bool,
}

pub fn run(setup: &Setup, args: &BenchArgs, report: Option<&Path>) {
    let items = setup.batch(false);
    let cores = setup.knobs.cores;
    println!(
        "{} images of {} px wide, {} run(s) per version, {} cores.",
        items.len(),
        setup.sizes.width,
        args.runs,
        cores
    );
    let mut table = Table::new([
        "version", "median", "images/s", "CPU", "held", "download", "min", "max",
    ]);
    table.align(0, Align::Left);
    let mut medians: Vec<Run> = Vec::new();
    for part in VERSIONS {
        eprintln!("    measuring {}…", part.title());
        let mut runs: Vec<Run> = (0..args.runs)
            .map(|_| setup.run(part, &items, crate::progress(items.len(), part.title())))
            .collect();
        runs.sort_by_key(|run| run.took);
        let (min, max) = (runs[0].took, runs[runs.len() - 1].took);
        let median = runs.swap_remove(runs.len() / 2);
        table.row([
            part.title().to_string(),
            secs(median.took),
            format!("{:.1}", median.per_second()),
            cpu::utilisation(median.cpu, median.took, cores)
                .map_or("n/a".into(), |s| format!("{s:.0}%")),
            median.max_held.to_string(),
            crate::millis_or_na(median.watch.median_download()),
            secs(min),
            secs(max),
        ]);
        medians.push(median);
    }
    println!();
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    let rate = |part: Part| {
        medians
            .iter()
            .find(|run| run.part == part)
            .map_or(0.0, Run::per_second)
    };
    let single = rate(Part::Threads).max(rate(Part::Async));
    let pipeline = rate(Part::Pipeline);
    println!();
    println!(
        "pipeline {pipeline:.1} images/s against the best single-tool version's {single:.1}: \
         {:.2}×; the data-parallel batch {:.1}",
        pipeline / single.max(1e-9),
        rate(Part::Batch)
    );
    println!(
        "    (CPU: the whole process, server thread included; rerun with `cargo run --release -p lesson-08 -- bench`)"
    );
    if let Some(dir) = report {
        write_report(dir, "bench.txt", &table.to_string());
    }
}
