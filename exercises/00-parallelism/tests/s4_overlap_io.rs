//! Step 4: `fetch_all` must let every request wait at the same time, on one thread.
//!
//! The clock is paused (`start_paused`): whenever no task is ready to run (whatever the
//! tasks wait for), tokio moves it straight to the next timer's deadline (except while
//! `spawn_blocking` work runs), so these tests take microseconds and measure *virtual* time
//! exactly: overlapped waits take as long as the longest one, not their sum. Every call
//! is `bounded`, so a mistake shows as a failure, never a hang.

#[path = "support/bounded.rs"]
mod support;

use std::sync::Mutex;
use std::thread::{self, ThreadId};
use std::time::Duration;

use parallelism::s4_overlap_io::fetch_all;
use support::bounded;
use tokio::time::{Instant, sleep};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A fake request: waits `100 ms × id`, then replies with the id and its thread.
async fn fetch(id: u32) -> (u32, ThreadId) {
    sleep(ms(100 * u64::from(id))).await;
    (id, thread::current().id())
}

#[tokio::test(start_paused = true)]
async fn the_total_is_the_longest_wait_not_the_sum() {
    let start = Instant::now();
    let replies = bounded("fetch_all", fetch_all(&[3, 1, 2], fetch)).await;
    let took = start.elapsed();
    assert_eq!(
        took,
        ms(300),
        "waits of 300, 100 and 200 ms took {took:?}: overlapped they take 300 ms \
         (600 ms means one after another)"
    );
    let ids: Vec<u32> = replies.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        [3, 1, 2],
        "replies in the order of the ids, not of arrival"
    );
}

#[tokio::test(start_paused = true)]
async fn every_request_waits_on_the_callers_thread() {
    let caller = thread::current().id();
    let replies = bounded("fetch_all", fetch_all(&[1, 2, 3, 4], fetch)).await;
    assert!(
        replies.iter().all(|(_, thread)| *thread == caller),
        "the waits must overlap on this one thread: no new threads needed"
    );
}

#[tokio::test(start_paused = true)]
async fn every_request_starts_before_any_reply_arrives() {
    let log = Mutex::new(Vec::new());
    let fetch_logged = |id: u32| {
        let log = &log;
        async move {
            log.lock().unwrap().push(format!("start {id}"));
            sleep(ms(100)).await;
            log.lock().unwrap().push(format!("reply {id}"));
        }
    };
    bounded("fetch_all", fetch_all(&[1, 2, 3], fetch_logged)).await;
    assert_eq!(
        log.into_inner().unwrap(),
        [
            "start 1", "start 2", "start 3", "reply 1", "reply 2", "reply 3"
        ],
        "every request must start before any reply arrives (a future does nothing until \
         it is polled: create them all, then await them together)"
    );
}

#[tokio::test(start_paused = true)]
async fn a_hundred_requests_still_take_one_wait() {
    let ids: Vec<u32> = vec![1; 100];
    let start = Instant::now();
    let replies = bounded("fetch_all", fetch_all(&ids, fetch)).await;
    let took = start.elapsed();
    assert_eq!(replies.len(), 100, "one reply per request");
    assert_eq!(
        took,
        ms(100),
        "a hundred 100 ms waits took {took:?}: overlapped, they take one wait"
    );
}
