//! The `bench` subcommand: every approach several times; the book's numbers come from here.

use kit::measure::Summary;

use crate::approach::{self, Approach, Sizes, Workload};

/// Runs each approach on each workload `runs` times and summarises the times.
///
/// Runs are interleaved (one round of every approach, then the next round) so that a
/// burst of load on the machine spreads over all approaches instead of spoiling one.
pub fn run(
    workloads: &[Workload],
    sizes: &Sizes,
    runs: usize,
) -> Vec<(Workload, Approach, Summary)> {
    let pairs: Vec<(Workload, Approach)> = workloads
        .iter()
        .flat_map(|&w| Approach::ALL.map(|a| (w, a)))
        .collect();
    let mut samples = vec![Vec::new(); pairs.len()];
    for _ in 0..runs.max(1) {
        for (i, &(workload, approach)) in pairs.iter().enumerate() {
            samples[i].push(approach::run(approach, workload, sizes).elapsed);
        }
    }
    pairs
        .into_iter()
        .zip(samples)
        .map(|((w, a), s)| (w, a, Summary::of(&s).expect("at least one run")))
        .collect()
}
