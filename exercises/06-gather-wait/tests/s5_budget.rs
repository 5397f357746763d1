//! Step 5: `run_steps` shares one budget between all the steps, cuts the running step off
//! at the deadline (and cancels it), and returns everything when there is time.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use gather_wait::s5_budget::{OutOfTime, run_steps};
use support::{Census, bounded};
use tokio::time::Instant;

fn steps(
    census: &Census,
    finished: &Arc<AtomicUsize>,
    plan: &[u64],
) -> Vec<impl Future<Output = u64> + use<>> {
    plan.iter()
        .map(|&ms| {
            let live = census.enter();
            let finished = Arc::clone(finished);
            async move {
                let _live = live;
                tokio::time::sleep(Duration::from_millis(ms)).await;
                finished.fetch_add(1, Ordering::SeqCst);
                ms
            }
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn steps_within_the_budget_return_every_output() {
    let census = Census::default();
    let finished = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let result = bounded(
        "run_steps",
        run_steps(
            steps(&census, &finished, &[100, 200, 300]),
            Duration::from_secs(1),
        ),
    )
    .await;
    let took = start.elapsed();
    assert_eq!(
        result,
        Ok(vec![100, 200, 300]),
        "600 ms of steps fit in 1 s"
    );
    assert!(
        took >= Duration::from_millis(600) && took < Duration::from_millis(605),
        "the steps took {took:?} of virtual time, expected 600 ms: the budget is a limit, \
         not a wait, and the steps run one after another"
    );
}

#[tokio::test(start_paused = true)]
async fn the_budget_is_shared_by_all_the_steps() {
    let census = Census::default();
    let finished = Arc::new(AtomicUsize::new(0));
    let budget = Duration::from_millis(250);
    let start = Instant::now();
    let result = bounded(
        "run_steps",
        run_steps(steps(&census, &finished, &[100, 100, 100]), budget),
    )
    .await;
    let took = start.elapsed();
    assert!(
        took >= budget && took < budget + Duration::from_millis(5),
        "three 100 ms steps with a 250 ms budget returned after {took:?} of virtual time: \
         the budget is for the whole sequence, not for each step; fix one deadline before \
         the first step and race every step against it"
    );
    assert_eq!(
        result,
        Err(OutOfTime {
            completed: 2,
            budget
        }),
        "two steps finished within 250 ms; the third was cut off"
    );
}

#[tokio::test(start_paused = true)]
async fn a_slow_step_is_cut_off_at_the_deadline_and_cancelled() {
    let census = Census::default();
    let finished = Arc::new(AtomicUsize::new(0));
    let budget = Duration::from_millis(500);
    let start = Instant::now();
    let result = bounded(
        "run_steps",
        run_steps(steps(&census, &finished, &[100, 10_000, 100]), budget),
    )
    .await;
    let took = start.elapsed();
    assert!(
        took >= budget && took < budget + Duration::from_millis(5),
        "a 10 s step under a 500 ms budget: run_steps returned after {took:?} of virtual \
         time; cut the running step off at the one deadline fixed before the first step \
         (checking the clock between steps is too late, and a fresh timeout per step \
         restarts the budget)"
    );
    assert_eq!(
        result,
        Err(OutOfTime {
            completed: 1,
            budget
        }),
        "one step finished before the slow one was cut off"
    );
    assert_eq!(
        census.alive(),
        0,
        "a step is still alive after run_steps gave up: drop the step that ran out of \
         time, and the steps that never started"
    );
    assert_eq!(
        finished.load(Ordering::SeqCst),
        1,
        "only the first step ran to its end"
    );
}

#[test]
fn the_error_says_what_happened() {
    exercise_support::guide();
    let err = OutOfTime {
        completed: 2,
        budget: Duration::from_millis(250),
    };
    assert_eq!(
        err.to_string(),
        "out of time after 2 step(s): the budget was 250ms",
        "OutOfTime's message says how far it got and what the budget was"
    );
}
