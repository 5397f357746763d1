//! Step 2: `thumbnails` runs the CPU-bound resize off the runtime's threads.
//!
//! Two proofs, on a single-threaded runtime (the test's own thread is the runtime's):
//! each thumbnail records the thread that made it, which must not be this one; and a
//! heartbeat task, which counts each time it gets the thread, must tick while the
//! resize runs. A resize that holds the runtime's thread, or a wait for it that blocks
//! (`join()` on a thread, rayon's `install`), leaves the heartbeat silent. No clock is
//! read: a tick is a turn on the thread, not a moment in time.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::thread;
use std::time::Duration;

use thumbnails::s2_off_runtime::thumbnails;

const OUTER_LIMIT: Duration = Duration::from_secs(30);

/// Big enough that the resize takes tens of milliseconds: long enough for the
/// heartbeat to get the thread many times over, if only the thread is free.
fn photo() -> Vec<u8> {
    support::png(8, 1600, 1200)
}

#[tokio::test(flavor = "current_thread")]
async fn the_resize_runs_on_another_thread() {
    let runtime_thread = thread::current().id();
    let made = support::bounded(
        "thumbnails",
        OUTER_LIMIT,
        thumbnails(photo(), vec![64, 256]),
    )
    .await
    .expect("a good image resizes");
    assert_eq!(made.len(), 2, "one thumbnail per side");
    assert!(
        made.iter()
            .all(|thumbnail| thumbnail.made_on != runtime_thread),
        "the resize ran on the runtime's own thread: while it ran, no other task could; \
         hand make_thumbnails to a thread where blocking is allowed \
         (tokio::task::spawn_blocking, or rayon and a oneshot channel) and await it"
    );
    assert_eq!(
        (made[0].width, made[0].height),
        (64, 48),
        "1600 × 1200 fits 64 × 48"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_runtime_keeps_ticking_while_it_resizes() {
    let ticks = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let heartbeat = tokio::spawn({
        let (ticks, stop) = (Arc::clone(&ticks), Arc::clone(&stop));
        async move {
            while !stop.load(SeqCst) {
                ticks.fetch_add(1, SeqCst);
                tokio::task::yield_now().await;
            }
        }
    });
    // Let the heartbeat start, then count its ticks across the resize alone.
    tokio::task::yield_now().await;
    let before = ticks.load(SeqCst);
    let made = support::bounded("thumbnails", OUTER_LIMIT, thumbnails(photo(), vec![128])).await;
    let during = ticks.load(SeqCst) - before;
    stop.store(true, SeqCst);
    heartbeat.await.expect("the heartbeat ends");
    made.expect("a good image resizes");
    assert!(
        during > 0,
        "the heartbeat never ticked while the thumbnails were made: the runtime's only \
         thread was blocked for the whole resize; waiting for another thread with \
         join() (or rayon's install) blocks it just the same: await the result instead"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_corrupt_image_is_an_error_not_a_panic() {
    let not_png = b"<html><body>404 not found</body></html>".to_vec();
    let result = support::bounded("thumbnails", OUTER_LIMIT, thumbnails(not_png, vec![64])).await;
    let err = result.expect_err("a body that is not an image is an error");
    assert!(
        err.0.contains("not an image"),
        "the error should say why: {err}"
    );
}
