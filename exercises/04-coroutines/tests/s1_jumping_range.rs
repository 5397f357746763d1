//! Step 1: the jumping range by hand. The tests send jumps and check the very next value
//! moved, check that a finished range keeps saying so, and use it as an iterator.

mod support;

use coroutines::generator::CoroutineState::{self, Complete, Yielded};
use coroutines::s1_jumping_range::JumpingRange;
use support::within;

/// Resumes a fresh range with each value of `sends` in turn and returns what it said.
fn transcript(up_to: i64, sends: &'static [Option<i64>]) -> Vec<CoroutineState<i64, usize>> {
    within("JumpingRange::resume", move || {
        let mut range = JumpingRange::new(up_to);
        sends.iter().map(|&jump| range.resume(jump)).collect()
    })
}

/// Checks a transcript, naming the two classic mistakes when the answer is one of them.
fn check(
    got: &[CoroutineState<i64, usize>],
    expected: &[CoroutineState<i64, usize>],
    if_ignored: &[CoroutineState<i64, usize>],
    if_late: &[CoroutineState<i64, usize>],
) {
    assert!(
        got != if_ignored,
        "the range ignored the values sent in: got {got:?}, expected {expected:?}; a jump \
         sent with resume moves the index (Python: `jump = yield index`, then `index += jump`)"
    );
    assert!(
        got != if_late,
        "the jump was applied one resume late: got {got:?}, expected {expected:?}; the value \
         sent with a resume is the result of the yield the range is stopped at, so it moves \
         the index before the value this same resume yields"
    );
    assert_eq!(
        got, expected,
        "the values the range yielded, one per resume"
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
        "a jump past `up_to` ends the range at once, and Complete carries how many values \
         were yielded (2 here)"
    );
}

#[test]
fn the_first_resume_starts_at_zero() {
    let got = transcript(10, &[Some(7), None]);
    assert_eq!(
        got,
        [Yielded(0), Yielded(1)],
        "the first resume starts the body, which is not stopped at any yield yet, so there \
         is nothing to receive its argument: it always yields 0"
    );
}

#[test]
fn a_finished_range_keeps_saying_complete() {
    let got = transcript(3, &[None, None, None, None, Some(-10), None]);
    assert_eq!(
        &got[..4],
        [Yielded(0), Yielded(1), Yielded(2), Complete(3)],
        "the range yields 0, 1, 2 and completes"
    );
    assert_eq!(
        &got[4..],
        [Complete(3), Complete(3)],
        "a finished range must keep saying Complete(3), whatever is sent: remember that \
         the body has ended (a Done state) instead of running its loop again"
    );
}

#[test]
fn with_nothing_sent_it_is_an_iterator() {
    let (all, empty, after) = within("JumpingRange as an Iterator", || {
        let all: Vec<i64> = JumpingRange::new(5).collect();
        let empty = JumpingRange::new(0).count();
        let mut range = JumpingRange::new(1);
        let after = [range.next(), range.next(), range.next()];
        (all, empty, after)
    });
    assert_eq!(
        all,
        [0, 1, 2, 3, 4],
        "next() is resume(None) until Complete"
    );
    assert_eq!(empty, 0, "a range up to 0 yields nothing");
    assert_eq!(
        after,
        [Some(0), None, None],
        "after its end, next() keeps saying None"
    );
}
