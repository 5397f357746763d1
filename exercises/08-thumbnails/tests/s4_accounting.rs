//! Step 4: `run_batch` accounts for every item, and a bad one never stops the rest.
//!
//! In-memory stages (see `support::Counted`) fail on purpose: two downloads answer 404,
//! one body is not an image, one upload is refused. The summary must hold every id
//! exactly once, each failure with its stage and reason.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::Counted;
use thumbnails::s4_accounting::run_batch;
use thumbnails::stages::{Failure, Stage, Summary};

const OUTER_LIMIT: Duration = Duration::from_secs(3600);
const ITEMS: u64 = 20;

async fn batch() -> Summary {
    let stages = Arc::new(Counted {
        missing: vec![3, 11],
        corrupt: vec![5],
        refused: vec![8],
        ..Counted::default()
    });
    support::bounded(
        "run_batch",
        OUTER_LIMIT,
        run_batch(stages, (1..=ITEMS).collect(), 2),
    )
    .await
}

#[tokio::test(start_paused = true)]
async fn every_item_is_in_the_summary_exactly_once() {
    let summary = batch().await;
    let mut seen: Vec<u64> = summary
        .ok
        .iter()
        .copied()
        .chain(summary.failed.iter().map(|failure| failure.id))
        .collect();
    seen.sort_unstable();
    let missing: Vec<u64> = (1..=ITEMS).filter(|id| !seen.contains(id)).collect();
    assert!(
        seen.contains(&ITEMS),
        "ids {missing:?} never came out: the batch stopped after a failure; one bad \
         item must not end the others (pass the failure on as a value, keep going)"
    );
    assert!(
        missing.is_empty(),
        "ids {missing:?} are missing from the summary: they failed and were dropped \
         silently; a failed item belongs in `failed`, with its stage and reason"
    );
    seen.dedup();
    assert_eq!(
        seen.len(),
        summary.ok.len() + summary.failed.len(),
        "an id is in the summary twice: {summary:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn each_failure_names_its_stage_and_reason() {
    let mut summary = batch().await;
    summary.failed.sort();
    let found: Vec<(u64, Stage)> = summary
        .failed
        .iter()
        .map(|failure| (failure.id, failure.stage))
        .collect();
    assert_eq!(
        found,
        [
            (3, Stage::Download),
            (5, Stage::Resize),
            (8, Stage::Upload),
            (11, Stage::Download)
        ],
        "the failures, by id, should be the two 404s (download), the corrupt body \
         (resize) and the refused upload (upload): {summary:?}"
    );
    let Failure { reason, .. } = &summary.failed[0];
    assert!(
        reason.contains("404"),
        "a failure keeps the stage's own reason: {reason:?}"
    );
    assert_eq!(summary.ok.len(), 16, "the other 16 items are uploaded");
}
