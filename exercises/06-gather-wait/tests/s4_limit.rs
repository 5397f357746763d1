//! Step 4: `gather_limited` never runs more than `limit` jobs at one instant, still runs
//! `limit` of them together, starts the next as soon as one finishes, and returns the
//! results in submission order.

mod support;

use std::time::Duration;

use gather_wait::s4_limit::gather_limited;
use support::{Census, bounded};
use tokio::time::Instant;

/// Jobs of these lengths (ms), each returning its own index.
const PLAN: [u64; 6] = [300, 100, 200, 100, 100, 100];

fn jobs(census: &Census) -> Vec<impl Future<Output = usize>> {
    PLAN.iter()
        .enumerate()
        .map(|(index, &ms)| {
            let census = census.clone();
            // The census entry is taken when the job first runs, not when it is built:
            // the limit is about jobs running, not jobs waiting their turn.
            async move {
                let _live = census.enter();
                tokio::time::sleep(Duration::from_millis(ms)).await;
                index
            }
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn never_more_than_the_limit_at_one_instant() {
    for limit in [1, 2, 3] {
        let census = Census::default();
        bounded("gather_limited", gather_limited(jobs(&census), limit)).await;
        let most = census.high_water();
        assert!(
            most <= limit,
            "with a limit of {limit}, {most} jobs ran at one instant: hold the permit (or \
             the slot) for the whole job; `let _ = semaphore.acquire().await` drops the \
             permit at once, `let _permit = ...` keeps it"
        );
        assert_eq!(
            most, limit,
            "with a limit of {limit}, at most {most} jobs ever ran together: run up to \
             the limit at once"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn results_come_back_in_submission_order() {
    let census = Census::default();
    let results = bounded("gather_limited", gather_limited(jobs(&census), 2)).await;
    assert_eq!(
        results,
        [0, 1, 2, 3, 4, 5],
        "results must be in submission order (job i's output at index i), not in the \
         order the jobs finished"
    );
}

#[tokio::test(start_paused = true)]
async fn a_freed_slot_is_reused_at_once() {
    // With 2 slots: job 0 (300 ms) holds one slot; the other slot runs jobs 1 (100),
    // 2 (200) finishing at 300, then jobs 3 and 4 run together on both slots (300..400),
    // then job 5 (400..500). Batches of two would wait for the slowest of each batch:
    // 300 + 200 + 100 = 600 ms; so does a finished job that keeps its slot until the
    // jobs before it are done (head-of-line blocking, what `StreamExt::buffered` does).
    let census = Census::default();
    let start = Instant::now();
    bounded("gather_limited", gather_limited(jobs(&census), 2)).await;
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(500) && took < Duration::from_millis(505),
        "gather_limited with 2 slots took {took:?} of virtual time, expected 500 ms: \
         start the next job as soon as any slot frees up (600 ms means a finished job \
         kept its slot until the jobs before it were done, as `buffered` does, or batches \
         that wait for their slowest job; 900 ms means one job at a time)"
    );
}

#[tokio::test(start_paused = true)]
async fn no_jobs_no_results() {
    let none: Vec<std::future::Ready<u8>> = Vec::new();
    let results = bounded("gather_limited", gather_limited(none, 3)).await;
    assert!(results.is_empty(), "no jobs, no results");
}
