//! Step 4: `legacy_read` blocks its thread until the device answers; `read_device` must
//! call it without stalling the runtime.
//!
//! The proof: the device's answer is sent by another task on the same single-threaded
//! runtime. If `read_device` blocks that thread, the answering task never runs and the
//! read gives up after `DEVICE_PATIENCE`.

use std::sync::mpsc;
use std::time::Duration;

use sync_async::s4_spawn_blocking::{Device, NoAnswer, read_device};

/// Bounds each test, so a mistake shows as a failure, never a hang.
const OUTER_LIMIT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "current_thread")]
async fn the_answering_task_runs_while_the_device_is_read() {
    let (tx, rx) = mpsc::channel();
    let answer = tokio::spawn(async move {
        // This task needs the runtime's only thread to run at all.
        tx.send(42).ok();
    });

    let result = tokio::time::timeout(OUTER_LIMIT, read_device(Device { answers: rx }))
        .await
        .expect("read_device hung: possible deadlock");
    answer.await.unwrap();
    assert_eq!(
        result,
        Ok(42),
        "the device never answered: read_device blocked the runtime's thread, so the \
         task that answers could not run"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_silent_device_is_reported_not_hung() {
    let (tx, rx) = mpsc::channel::<u32>();
    let result = tokio::time::timeout(OUTER_LIMIT, read_device(Device { answers: rx }))
        .await
        .expect("read_device hung: possible deadlock");
    drop(tx);
    assert_eq!(result, Err(NoAnswer));
}
