//! Step 3: `pipeline` runs the stages at the same time, joined by bounded channels.
//!
//! The stages are in memory (see `support::Counted`) and the clock is tokio's paused
//! one, so nothing depends on timing. The uploads wait at a gate the test holds shut;
//! once the pipeline can get no further, the test counts what was downloaded but not
//! uploaded. With channels of capacity `c`, that is at most `c` in each of the two
//! channels plus one item in the hands of each stage: `2c + 3`. An unbounded channel
//! lets the downloads run away; stages that take turns never get more than one ahead.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering::SeqCst;
use std::time::Duration;

use support::Counted;
use thumbnails::s3_channels::pipeline;
use tokio::sync::Semaphore;

const OUTER_LIMIT: Duration = Duration::from_secs(3600);
const ITEMS: u64 = 50;
const CAPACITY: usize = 2;

#[tokio::test(start_paused = true)]
async fn a_stuck_upload_holds_the_downloads_back_within_the_bounds() {
    exercise_support::guide();
    let gate = Arc::new(Semaphore::new(0));
    let stages = Arc::new(Counted {
        gate: Some(Arc::clone(&gate)),
        ..Counted::default()
    });
    let run = tokio::spawn(pipeline(
        Arc::clone(&stages),
        (1..=ITEMS).collect(),
        CAPACITY,
    ));
    support::settle().await;
    let ahead = stages.downloaded.load(SeqCst) - stages.uploaded.load(SeqCst);
    let most = 2 * CAPACITY + 3;
    assert!(
        ahead <= most,
        "{ahead} images were downloaded but not yet uploaded while the upload stage was \
         stuck: channels of capacity {CAPACITY} between the stages allow at most {most}; \
         an unbounded channel (or a bigger one) lets a fast stage run away and memory \
         grows with the batch"
    );
    assert!(
        ahead > CAPACITY,
        "only {ahead} image(s) were downloaded while the upload stage was stuck: the \
         stages did not run at the same time; give each stage its own task, joined to \
         the next by a channel, so downloads go on while an upload waits"
    );

    // Open the gate for every item: the pipeline must drain and finish.
    gate.add_permits(ITEMS as usize);
    let done = support::bounded("the pipeline", OUTER_LIMIT, run)
        .await
        .expect("the pipeline does not panic");
    let mut sorted = done.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        (1..=ITEMS).collect::<Vec<_>>(),
        "every item should come out of the pipeline exactly once"
    );
}

#[tokio::test(start_paused = true)]
async fn the_pipeline_drains_and_ends_when_its_input_ends() {
    let stages = Arc::new(Counted::default());
    let done = support::bounded(
        "the pipeline",
        OUTER_LIMIT,
        pipeline(Arc::clone(&stages), (1..=ITEMS).collect(), CAPACITY),
    )
    .await;
    assert_eq!(
        done.len(),
        ITEMS as usize,
        "{} of {ITEMS} items came out: the last stage must keep receiving until the \
         channel is closed and empty",
        done.len()
    );
    assert_eq!(stages.resized.load(SeqCst), ITEMS as usize);
}
