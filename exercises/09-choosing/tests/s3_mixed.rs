//! Step 3: `fetch_and_crunch` must overlap its fetches and keep its computing off the
//! runtime's only thread.
//!
//! The proof: a heartbeat task shares the single-threaded runtime. Each crunch rings it
//! and then keeps computing until the heartbeat has answered, which it can do only if the
//! runtime's thread is free *while* the crunch runs. A crunch on the runtime's thread
//! (called inline, or inside `tokio::spawn`) waits in vain and records a stall. These
//! tests run on the real clock: tokio's paused clock stands still while blocking work runs.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use choosing::s3_mixed::{Crunch, fetch_and_crunch};
use support::InFlight;
use tokio::sync::Notify;

/// How long a crunch waits for the heartbeat before it records a stall.
const PATIENCE: Duration = Duration::from_millis(300);

#[derive(Default)]
struct Heart {
    rung: Notify,
    beats: AtomicUsize,
    stalls: AtomicUsize,
}

/// The computing: a checksum, then proof that the runtime stayed free meanwhile.
fn crunch_with(heart: Arc<Heart>) -> Crunch {
    Arc::new(move |data: Vec<u8>| {
        let before = heart.beats.load(Ordering::SeqCst);
        heart.rung.notify_one();
        let sum = data.iter().map(|&b| u64::from(b)).sum::<u64>();
        let started = Instant::now();
        while heart.beats.load(Ordering::SeqCst) == before {
            if started.elapsed() > PATIENCE {
                heart.stalls.fetch_add(1, Ordering::SeqCst);
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        sum
    })
}

async fn check(count: u32) {
    exercise_support::guide();
    let heart = Arc::new(Heart::default());
    let heartbeat = tokio::spawn({
        let heart = Arc::clone(&heart);
        async move {
            loop {
                heart.rung.notified().await;
                heart.beats.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    let fetches = Arc::new(InFlight::default());
    let fetch = |id: u32| {
        let fetches = Arc::clone(&fetches);
        async move {
            fetches.enter();
            tokio::time::sleep(Duration::from_millis(20)).await;
            fetches.leave();
            vec![id as u8; 100]
        }
    };
    let ids: Vec<u32> = (1..=count).collect();
    let results = tokio::time::timeout(
        Duration::from_secs(30),
        fetch_and_crunch(&ids, fetch, crunch_with(Arc::clone(&heart))),
    )
    .await
    .expect("fetch_and_crunch never finished: possible deadlock");
    heartbeat.abort();

    let stalls = heart.stalls.load(Ordering::SeqCst);
    assert_eq!(
        stalls, 0,
        "the heartbeat stopped during {stalls} crunch(es): the computing ran on the runtime's \
         only thread, so no other task could run meanwhile (CPU work inside async code, or \
         inside tokio::spawn, blocks the runtime); hand it to spawn_blocking or rayon"
    );
    let most = fetches.most();
    assert_eq!(
        most, count as usize,
        "only {most} of {count} fetches were in flight at once: start every fetch before \
         awaiting any"
    );
    let expected: Vec<u64> = ids.iter().map(|&id| u64::from(id as u8) * 100).collect();
    assert_eq!(
        results, expected,
        "the results must come back in the order of the ids"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_runtime_keeps_beating_while_items_are_crunched() {
    check(6).await;
}

#[tokio::test(flavor = "current_thread")]
async fn one_item() {
    check(1).await;
}
