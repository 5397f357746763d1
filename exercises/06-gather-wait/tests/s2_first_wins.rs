//! Step 2: `first_wins` returns the fastest answer as soon as it comes, and no loser is
//! left running afterwards.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use gather_wait::s2_first_wins::first_wins;
use support::{Census, bounded, settle};
use tokio::time::Instant;

/// A replica that answers `answer` after `delay` ms, counting a tick every 10 ms of its
/// work (a side effect a cancelled replica stops producing) and holding a census entry.
fn replica(
    census: &Census,
    ticks: &Arc<AtomicUsize>,
    delay: u64,
    answer: &'static str,
) -> impl Future<Output = &'static str> + Send + 'static {
    let live = census.enter();
    let ticks = Arc::clone(ticks);
    async move {
        let _live = live;
        for _ in 0..delay / 10 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            ticks.fetch_add(1, Ordering::SeqCst);
        }
        answer
    }
}

#[tokio::test(start_paused = true)]
async fn the_fastest_answer_wins_as_soon_as_it_comes() {
    let census = Census::default();
    let ticks = Arc::new(AtomicUsize::new(0));
    let replicas = vec![
        replica(&census, &ticks, 300, "slow"),
        replica(&census, &ticks, 100, "fast"),
        replica(&census, &ticks, 200, "middle"),
    ];
    let start = Instant::now();
    let answer = bounded("first_wins", first_wins(replicas)).await;
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(100) && took < Duration::from_millis(105),
        "first_wins returned after {took:?} of virtual time; the fastest replica answers \
         at 100 ms (300 ms means it waited for every replica: race them, do not join them)"
    );
    assert_eq!(answer, Some("fast"), "the 100 ms replica answers first");
}

#[tokio::test(start_paused = true)]
async fn no_loser_is_left_running() {
    let census = Census::default();
    let ticks = Arc::new(AtomicUsize::new(0));
    let replicas = vec![
        replica(&census, &ticks, 300, "slow"),
        replica(&census, &ticks, 100, "fast"),
        replica(&census, &ticks, 200, "middle"),
    ];
    bounded("first_wins", first_wins(replicas)).await;
    settle().await;
    let alive = census.alive();
    let ticks_then = ticks.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let ticks_later = ticks.load(Ordering::SeqCst);
    assert!(
        alive == 0 && ticks_later == ticks_then,
        "{alive} losing replica(s) still running after first_wins returned (they ticked \
         {} more times in the next second): dropping a JoinHandle detaches its task, it \
         does not cancel it; abort the losers (JoinSet::shutdown, or JoinHandle::abort)",
        ticks_later - ticks_then
    );
}

#[tokio::test(start_paused = true)]
async fn one_replica_is_its_own_winner_and_none_is_none() {
    let census = Census::default();
    let ticks = Arc::new(AtomicUsize::new(0));
    let one = vec![replica(&census, &ticks, 50, "only")];
    assert_eq!(
        bounded("first_wins", first_wins(one)).await,
        Some("only"),
        "a single replica's answer wins"
    );
    let none: Vec<std::future::Ready<&str>> = Vec::new();
    assert_eq!(
        bounded("first_wins", first_wins(none)).await,
        None,
        "no replicas, no answer"
    );
}
