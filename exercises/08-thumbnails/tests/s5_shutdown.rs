//! Step 5: `run_until_stopped` stops taking work on a signal and drains what is inside.
//!
//! In-memory stages, paused clock (see `support`). The uploads wait at a gate until the
//! pipeline can get no further (channels full, 2c + 3 images downloaded); then the test
//! raises the stop signal and opens the gate. A clean shutdown uploads every image that
//! was downloaded, starts no new download, reports the rest as not started, and returns.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering::SeqCst;
use std::time::Duration;

use support::Counted;
use thumbnails::s5_shutdown::run_until_stopped;
use tokio::sync::{Semaphore, watch};

const OUTER_LIMIT: Duration = Duration::from_secs(3600);
const ITEMS: u64 = 50;
const CAPACITY: usize = 2;

#[tokio::test(start_paused = true)]
async fn a_stop_takes_no_new_work_and_drains_the_rest() {
    exercise_support::guide();
    let gate = Arc::new(Semaphore::new(0));
    let stages = Arc::new(Counted {
        gate: Some(Arc::clone(&gate)),
        ..Counted::default()
    });
    let (stop, stopping) = watch::channel(false);
    let run = tokio::spawn(run_until_stopped(
        Arc::clone(&stages),
        (1..=ITEMS).collect(),
        CAPACITY,
        stopping,
    ));
    support::settle().await;
    let downloaded = stages.downloaded.load(SeqCst) as u64;
    assert!(
        downloaded < ITEMS,
        "all {ITEMS} images were downloaded while the uploads were stuck: the stages \
         must be joined by channels of the given capacity (step 3)"
    );

    stop.send_replace(true);
    gate.add_permits(ITEMS as usize);
    let drained = support::bounded("run_until_stopped", OUTER_LIMIT, run)
        .await
        .expect("the pipeline does not panic");

    let mut ok = drained.summary.ok.clone();
    ok.sort_unstable();
    let lost: Vec<u64> = (1..=downloaded).filter(|id| !ok.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "ids {lost:?} were downloaded before the stop but never uploaded: a clean \
         shutdown stops taking new work and lets the items already inside finish; \
         aborting the stages (or returning early) drops what sits in the channels"
    );
    assert_eq!(
        ok,
        (1..=downloaded).collect::<Vec<_>>(),
        "after the stop, new downloads were still started (and uploaded): check the \
         stop signal before each new download"
    );
    assert_eq!(
        drained.not_started,
        (downloaded + 1..=ITEMS).collect::<Vec<_>>(),
        "the ids never started should be reported, in batch order, so nothing is \
         silently dropped"
    );
}

#[tokio::test(start_paused = true)]
async fn without_a_stop_the_whole_batch_goes_through() {
    let stages = Arc::new(Counted::default());
    let (_stop, stopping) = watch::channel(false);
    let drained = support::bounded(
        "run_until_stopped",
        OUTER_LIMIT,
        run_until_stopped(
            Arc::clone(&stages),
            (1..=ITEMS).collect(),
            CAPACITY,
            stopping,
        ),
    )
    .await;
    assert_eq!(
        drained.summary.ok.len(),
        ITEMS as usize,
        "with no stop, every item is uploaded"
    );
    assert!(drained.not_started.is_empty(), "{:?}", drained.not_started);
}
