//! Step 3: `read_sensor` must wait without blocking its thread.
//!
//! The proof: on a single-threaded runtime, a heartbeat task ticks every 10 ms. If
//! `read_sensor` blocks the thread, the heartbeat cannot run while it waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sync_async::s3_blocking_sleep::read_sensor;
use tokio::time::Instant;

const WAIT: Duration = Duration::from_millis(100);

#[tokio::test(start_paused = true)]
async fn other_tasks_keep_running_while_the_sensor_waits() {
    let ticks = Arc::new(AtomicU32::new(0));
    let heartbeat = tokio::spawn({
        let ticks = Arc::clone(&ticks);
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                ticks.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    tokio::task::yield_now().await; // let the heartbeat start

    let reading = read_sensor(4, WAIT).await;
    let beats = ticks.load(Ordering::SeqCst);
    heartbeat.abort();

    assert_eq!(reading, 40);
    assert!(
        beats >= 5,
        "the heartbeat ticked {beats} times during a {WAIT:?} wait (expected about 10): \
         something in read_sensor blocks the thread instead of awaiting"
    );
}

#[tokio::test(start_paused = true)]
async fn three_sensors_read_together_take_one_wait() {
    let start = Instant::now();
    let readings = tokio::join!(
        read_sensor(1, WAIT),
        read_sensor(2, WAIT),
        read_sensor(3, WAIT)
    );
    let took = start.elapsed();
    assert_eq!(readings, (10, 20, 30));
    // A blocking sleep does not move tokio's paused clock at all (0 s), and it runs the
    // three waits one after another in real time.
    assert!(
        took >= WAIT && took < WAIT + Duration::from_millis(50),
        "three concurrent {WAIT:?} reads took {took:?} of tokio's clock; an async wait \
         takes {WAIT:?} (0 s means the wait never went through tokio's timer)"
    );
}
