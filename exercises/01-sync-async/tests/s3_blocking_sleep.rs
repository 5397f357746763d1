//! Step 3: `read_sensor` must wait without blocking its thread.
//!
//! Two proofs. On a single-threaded runtime, a heartbeat task ticks every 10 ms: if
//! `read_sensor` blocks the thread, the heartbeat cannot run while it waits. And each
//! step (each poll) of `read_sensor` is timed on the real clock: an async wait returns
//! from its poll at once and lets the timer wake it; a blocking call holds the poll, and
//! the thread, for the whole wait.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use support::bounded;
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

    let reading = bounded("read_sensor", read_sensor(4, WAIT)).await;
    let beats = ticks.load(Ordering::SeqCst);
    heartbeat.abort();

    assert_eq!(reading, 40, "sensor 4 reads 4 × 10");
    assert!(
        beats >= 5,
        "the heartbeat ticked {beats} times during a {WAIT:?} wait (expected about 10): \
         read_sensor's wait did not go through tokio's timer. A blocking sleep holds the \
         runtime's thread; one moved to spawn_blocking frees it but ties up a pool thread \
         to do nothing, and tokio's clock cannot see it. Waiting has an async version: \
         await that"
    );
}

#[tokio::test(start_paused = true)]
async fn three_sensors_read_together_take_one_wait() {
    let start = Instant::now();
    let readings = bounded("read_sensor", async {
        tokio::join!(
            read_sensor(1, WAIT),
            read_sensor(2, WAIT),
            read_sensor(3, WAIT)
        )
    })
    .await;
    let took = start.elapsed();
    assert_eq!(readings, (10, 20, 30), "each sensor reads its id × 10");
    // A blocking sleep does not move tokio's paused clock at all (0 s), and it runs the
    // three waits one after another in real time.
    assert!(
        took >= WAIT && took < WAIT + Duration::from_millis(50),
        "three concurrent {WAIT:?} reads took {took:?} of tokio's clock; an async wait \
         takes {WAIT:?} (0 s means the wait never went through tokio's timer)"
    );
}

#[tokio::test(start_paused = true)]
async fn no_step_of_read_sensor_holds_the_thread_for_its_wait() {
    let long_wait = Duration::from_millis(400);
    let (reading, longest) = bounded("read_sensor", longest_poll(read_sensor(5, long_wait))).await;
    assert_eq!(reading, 50, "sensor 5 reads 5 × 10");
    // `std::thread::sleep(400 ms)` is guaranteed to hold its poll for at least 400 ms;
    // a poll that registers a timer and returns takes microseconds. The bound sits far
    // from both, so it does not depend on the machine's speed.
    assert!(
        longest < long_wait / 2,
        "one poll of read_sensor held the thread for {longest:?} of a {long_wait:?} wait: \
         a blocking call sits inside it"
    );
}

/// Awaits `future`, timing each of its polls on the real clock; returns the output and
/// the longest single poll.
async fn longest_poll<F: Future>(future: F) -> (F::Output, Duration) {
    let mut future = std::pin::pin!(future);
    let mut longest = Duration::ZERO;
    let output = std::future::poll_fn(|cx| {
        let started = std::time::Instant::now();
        let poll = future.as_mut().poll(cx);
        longest = longest.max(started.elapsed());
        poll
    })
    .await;
    (output, longest)
}
