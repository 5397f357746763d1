//! Step 1: three 1 s counts must take 1 s of (virtual) time, not 3, and every count must
//! say "One" before any says "Two".
//!
//! The clock is paused (`start_paused`): whenever no task is ready to run (whatever the
//! tasks wait for), tokio moves it straight to the next timer's deadline (except while
//! `spawn_blocking` work runs), so these tests take microseconds and never depend on
//! machine speed.

mod support;

use std::time::Duration;

use support::bounded;
use sync_async::s1_countasync::count_concurrently;
use tokio::time::Instant;

const SECOND: Duration = Duration::from_secs(1);

#[tokio::test(start_paused = true)]
async fn three_one_second_counts_take_one_second() {
    let start = Instant::now();
    bounded("count_concurrently", count_concurrently(3, SECOND)).await;
    let took = start.elapsed();
    assert!(
        took >= SECOND && took < SECOND + Duration::from_millis(100),
        "three 1 s counts took {took:?} of virtual time: run concurrently they take 1 s \
         (3 s means they ran one after another)"
    );
}

#[tokio::test(start_paused = true)]
async fn every_count_says_one_before_any_says_two() {
    let lines = bounded("count_concurrently", count_concurrently(3, SECOND)).await;
    assert_eq!(
        lines,
        [
            "count 1: One",
            "count 2: One",
            "count 3: One",
            "count 1: Two",
            "count 2: Two",
            "count 3: Two",
        ],
        "the order of the output is the point: concurrent counts interleave"
    );
}

#[tokio::test(start_paused = true)]
async fn a_thousand_counts_still_take_one_delay() {
    let start = Instant::now();
    let lines = bounded("count_concurrently", count_concurrently(1_000, SECOND)).await;
    let took = start.elapsed();
    assert_eq!(lines.len(), 2_000, "a thousand counts say two lines each");
    assert!(
        took < SECOND + Duration::from_millis(100),
        "a thousand 1 s counts took {took:?} of virtual time: concurrent counts take one \
         delay however many there are"
    );
}

#[tokio::test(start_paused = true)]
async fn no_counts_say_nothing() {
    let lines = bounded("count_concurrently", count_concurrently(0, SECOND)).await;
    assert!(lines.is_empty(), "no counts say nothing, got {lines:?}");
}
