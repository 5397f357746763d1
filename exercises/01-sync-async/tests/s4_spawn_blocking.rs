//! Step 4: `legacy_read` asks a device for a reading and blocks its thread until the
//! answer comes; `read_device` must call it without stalling the runtime.
//!
//! The proof: the device is a task on the same single-threaded runtime. It answers only
//! after `legacy_read` has asked, so it needs the thread *while* `legacy_read` waits. If
//! the wait holds the runtime's thread (called directly, or inside `tokio::spawn`, whose
//! task runs on that same thread on this single-threaded runtime), the device never
//! answers and the read gives up after `DEVICE_PATIENCE`. These tests run on the real
//! clock: tokio's paused clock stands still while `spawn_blocking` work runs.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use sync_async::s4_spawn_blocking::{Device, NoAnswer, read_device};
use tokio::sync::Notify;

/// Bounds each test, so a mistake shows as a failure, never a hang.
const OUTER_LIMIT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "current_thread")]
async fn the_device_task_runs_while_the_library_waits() {
    exercise_support::guide();
    let (tx, rx) = mpsc::channel();
    let requests = Arc::new(Notify::new());
    let device = tokio::spawn({
        let requests = Arc::clone(&requests);
        async move {
            // This task needs the runtime's only thread, after the library has asked.
            requests.notified().await;
            tx.send(42).ok();
        }
    });

    let read = read_device(Device {
        requests,
        answers: rx,
    });
    let result = tokio::time::timeout(OUTER_LIMIT, read)
        .await
        .expect("read_device hung: possible deadlock");
    device.abort();
    assert_eq!(
        result,
        Ok(42),
        "the device never answered: while legacy_read waited, it held the runtime's \
         only thread, so the device's task could not run"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_silent_device_is_reported_not_hung() {
    exercise_support::guide();
    let (tx, rx) = mpsc::channel::<u32>();
    let read = read_device(Device {
        requests: Arc::new(Notify::new()),
        answers: rx,
    });
    let result = tokio::time::timeout(OUTER_LIMIT, read)
        .await
        .expect("read_device hung: possible deadlock");
    drop(tx);
    assert_eq!(
        result,
        Err(NoAnswer),
        "a device that never answers is reported as NoAnswer after DEVICE_PATIENCE"
    );
}
