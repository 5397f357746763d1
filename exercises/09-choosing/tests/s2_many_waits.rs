//! Step 2: `get_all` must have all ten thousand requests in flight at once, on at most
//! `MAX_THREADS` threads.
//!
//! The async form of the call waits one (virtual) second under tokio's paused clock, so
//! the test takes no real time; the blocking form holds its thread for a millisecond of
//! real time. The test client counts requests in flight (the high-water mark) and the
//! distinct threads that made them.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use choosing::client::Client;
use choosing::s2_many_waits::{MAX_THREADS, get_all};
use support::InFlight;
use tokio::time::Instant;

/// How long one request waits for its answer.
const WAIT: Duration = Duration::from_secs(1);

#[derive(Default)]
struct TestClient {
    calls: InFlight,
    too_many_threads: AtomicBool,
}

impl Client for TestClient {
    async fn get(&self, id: u32) -> u64 {
        self.calls.enter();
        tokio::time::sleep(WAIT).await;
        self.calls.leave();
        u64::from(id) * 2
    }

    fn get_blocking(&self, id: u32) -> u64 {
        let threads = self.calls.enter();
        // Once the bound is broken the verdict is known: stop waiting, so a thread per
        // request fails in a fraction of a second instead of grinding on.
        if threads > MAX_THREADS {
            self.too_many_threads.store(true, Ordering::SeqCst);
        } else {
            std::thread::sleep(Duration::from_millis(1));
        }
        self.calls.leave();
        u64::from(id) * 2
    }
}

async fn check(count: u32) {
    exercise_support::guide();
    let client = TestClient::default();
    let ids: Vec<u32> = (0..count).collect();
    let started = Instant::now();
    let answers = tokio::time::timeout(Duration::from_secs(100_000), get_all(&client, &ids))
        .await
        .expect("get_all never finished: possible deadlock");
    let took = started.elapsed();
    let threads = client.calls.threads();
    assert!(
        threads <= MAX_THREADS && !client.too_many_threads.load(Ordering::SeqCst),
        "used {threads} threads for {count} waits, and the bound was {MAX_THREADS}: a thread \
         per wait costs a stack and a kernel thread each; async waits need none"
    );
    let most = client.calls.most();
    assert_eq!(
        most, count as usize,
        "only {most} of {count} waits were in flight at once: every request must be started \
         before any answer is awaited (a loop of awaits, or a small pool of blocking \
         threads, waits mostly in turn)"
    );
    assert!(
        took <= WAIT * 2,
        "took {took:?} of virtual time for {count} waits of {WAIT:?}: overlapped waits take \
         about one wait in all"
    );
    let expected: Vec<u64> = ids.iter().map(|&id| u64::from(id) * 2).collect();
    assert_eq!(
        answers, expected,
        "the answers must come back in the order of the ids"
    );
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn ten_thousand_waits_overlap_on_few_threads() {
    check(10_000).await;
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_few_waits_overlap_too() {
    check(3).await;
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn no_ids_no_answers() {
    exercise_support::guide();
    let client = TestClient::default();
    let answers = tokio::time::timeout(Duration::from_secs(10), get_all(&client, &[]))
        .await
        .expect("get_all never finished for no ids");
    assert!(answers.is_empty(), "no ids give no answers");
}
