//! Step 2: the jumping range on the generator library: the same checks as step 1.

mod support;

use coroutines::generator::CoroutineState::{self, Complete, Yielded};
use coroutines::s2_async_range::jumping_range;
use support::within;

fn transcript(up_to: i64, sends: &'static [Option<i64>]) -> Vec<CoroutineState<i64, usize>> {
    within("jumping_range", move || {
        let mut range = jumping_range(up_to);
        let mut said = Vec::new();
        for &jump in sends {
            let state = range.resume(jump);
            said.push(state);
            if let Complete(_) = state {
                break; // the library panics if a finished generator is resumed
            }
        }
        said
    })
}

fn check(
    got: &[CoroutineState<i64, usize>],
    expected: &[CoroutineState<i64, usize>],
    if_ignored: &[CoroutineState<i64, usize>],
    if_late: &[CoroutineState<i64, usize>],
) {
    assert!(
        got != if_ignored,
        "the generator ignored the values sent in: got {got:?}, expected {expected:?}; \
         `co.yield_(index).await` returns the value sent with the next resume: use it"
    );
    assert!(
        got != if_late,
        "the jump was applied one resume late: got {got:?}, expected {expected:?}; add the \
         value `co.yield_(index).await` returns to the index right away, before the loop \
         yields again"
    );
    assert_eq!(
        got, expected,
        "the values the generator yielded, one per resume"
    );
}

#[test]
fn counts_up_when_nothing_is_sent() {
    let got = transcript(3, &[None, None, None, None]);
    assert_eq!(
        got,
        [Yielded(0), Yielded(1), Yielded(2), Complete(3)],
        "with nothing sent, the range yields 0, 1, 2 and completes with the count (3)"
    );
}

#[test]
fn a_jump_moves_the_very_next_value() {
    let got = transcript(20, &[None, Some(5), None, Some(10), None]);
    check(
        &got,
        &[Yielded(0), Yielded(5), Yielded(6), Yielded(16), Yielded(17)],
        &[Yielded(0), Yielded(1), Yielded(2), Yielded(3), Yielded(4)],
        &[Yielded(0), Yielded(1), Yielded(6), Yielded(7), Yielded(17)],
    );
}

#[test]
fn a_negative_jump_goes_back() {
    let got = transcript(10, &[None, None, None, Some(-2), None]);
    check(
        &got,
        &[Yielded(0), Yielded(1), Yielded(2), Yielded(0), Yielded(1)],
        &[Yielded(0), Yielded(1), Yielded(2), Yielded(3), Yielded(4)],
        &[Yielded(0), Yielded(1), Yielded(2), Yielded(3), Yielded(1)],
    );
}

#[test]
fn a_jump_past_the_end_completes_with_the_count() {
    let got = transcript(10, &[None, Some(4), Some(100)]);
    assert_eq!(
        got,
        [Yielded(0), Yielded(4), Complete(2)],
        "a jump past `up_to` ends the range at once, and the body returns how many values \
         it yielded (2 here)"
    );
}

#[test]
fn an_empty_range_completes_at_once() {
    let got = transcript(0, &[None]);
    assert_eq!(
        got,
        [Complete(0)],
        "a range up to 0 yields nothing: Complete(0)"
    );
}
