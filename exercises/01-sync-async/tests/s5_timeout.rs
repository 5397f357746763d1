//! Step 5: `with_deadline` gives up at the deadline, and cancels the work it gave up on.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use support::bounded;
use sync_async::s5_timeout::{TimedOut, with_deadline};
use tokio::time::Instant;

const LIMIT: Duration = Duration::from_secs(1);

/// Sets its flag when dropped: proof that the future holding it was cancelled.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_operation_gives_up_at_the_deadline() {
    let start = Instant::now();
    let slow = tokio::time::sleep(Duration::from_secs(10));
    let result = bounded("with_deadline", with_deadline(LIMIT, slow)).await;
    let took = start.elapsed();
    assert_eq!(result, Err(TimedOut { after: LIMIT }));
    assert!(
        took >= LIMIT && took < LIMIT + Duration::from_millis(50),
        "gave up after {took:?} of virtual time; the deadline was {LIMIT:?} (awaiting the \
         work and then checking the clock is no deadline: race the work against a timer)"
    );
}

#[tokio::test(start_paused = true)]
async fn a_fast_operation_returns_its_value_without_waiting_for_the_deadline() {
    let start = Instant::now();
    let fast = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        "done"
    };
    let result = bounded("with_deadline", with_deadline(LIMIT, fast)).await;
    let took = start.elapsed();
    assert_eq!(
        result,
        Ok("done"),
        "a 100 ms operation finishes well within 1 s"
    );
    assert!(
        took < Duration::from_millis(150),
        "a 100 ms operation returned after {took:?}: the deadline is a limit, not a wait; \
         return as soon as the work is done"
    );
}

#[tokio::test(start_paused = true)]
async fn the_abandoned_work_is_cancelled() {
    let dropped = Arc::new(AtomicBool::new(false));
    let flag = DropFlag(Arc::clone(&dropped));
    let work = async move {
        let _flag = flag;
        tokio::time::sleep(Duration::from_secs(10)).await;
    };
    let result = bounded("with_deadline", with_deadline(LIMIT, work)).await;
    assert!(
        result.is_err(),
        "10 s of work against a 1 s deadline must time out"
    );
    assert!(
        dropped.load(Ordering::SeqCst),
        "the slow work was not dropped when its deadline passed"
    );
}

#[test]
fn the_error_says_what_happened() {
    exercise_support::guide();
    assert_eq!(
        TimedOut { after: LIMIT }.to_string(),
        "timed out after 1s",
        "TimedOut's message says how long it waited"
    );
}
