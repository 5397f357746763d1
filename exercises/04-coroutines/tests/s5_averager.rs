//! Step 5: a coroutine fed values. The tests feed numbers, check each mean comes back
//! at once, and check that `None` ends it with the count of numbers fed.

mod support;

use coroutines::generator::CoroutineState::{self, Complete, Yielded};
use coroutines::s5_averager::averager;
use support::within;

/// The most resumes a test makes: an averager that never completes stops here.
const LIMIT: usize = 10;

/// Resumes a fresh averager with each of `sends`, stopping at the first `Complete`.
fn feed(sends: &'static [Option<f64>]) -> Vec<CoroutineState<Option<f64>, usize>> {
    within("averager", move || {
        let mut avg = averager();
        let mut said = Vec::new();
        for &send in sends.iter().take(LIMIT) {
            let state = avg.resume(send);
            said.push(state);
            if let Complete(_) = state {
                break; // the library panics if a finished generator is resumed
            }
        }
        said
    })
}

#[test]
fn the_first_resume_only_starts_it() {
    let said = feed(&[None, Some(4.0)]);
    assert_eq!(
        said.first(),
        Some(&Yielded(None)),
        "the first resume starts the averager, which has no mean yet: it yields None"
    );
    assert_eq!(
        said.get(1),
        Some(&Yielded(Some(4.0))),
        "fed 4, the mean is 4"
    );
}

#[test]
fn each_number_fed_moves_the_mean_at_once() {
    let said = feed(&[None, Some(10.0), Some(20.0), Some(60.0)]);
    assert_eq!(
        said,
        [
            Yielded(None),
            Yielded(Some(10.0)),
            Yielded(Some(15.0)),
            Yielded(Some(30.0))
        ],
        "each resume yields the mean of every number fed so far, this one included"
    );
}

#[test]
fn none_ends_it_with_the_count() {
    let said = feed(&[None, Some(1.0), Some(2.0), None, Some(3.0)]);
    assert!(
        said.len() <= 4 && matches!(said.last(), Some(Complete(_))),
        "sending None must end the averager (Complete), got {said:?}: a missing number is \
         the signal to stop, not a 0"
    );
    assert_eq!(
        said.last(),
        Some(&Complete(2)),
        "it was fed 2 numbers, so it completes with 2: the None that ends it is not a number"
    );
}

#[test]
fn stopped_at_once_it_was_fed_nothing() {
    let said = feed(&[None, None]);
    assert_eq!(
        said,
        [Yielded(None), Complete(0)],
        "started and stopped straight away, it was fed nothing: Complete(0) (the None that \
         ends it is not a number)"
    );
}
