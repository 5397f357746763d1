//! Step 3: a lazy pipeline. The tests log when each value is made and when it is taken,
//! and check the two interleave: a generator does its work only when resumed. They also
//! feed `keep` an endless source that complains if it is pulled too far ahead.

mod support;

use std::cell::Cell;
use std::rc::Rc;

use coroutines::generator::{BoxGen, Co, CoroutineState, Gen};
use coroutines::s3_pipeline::{Log, keep, numbers};
use support::within;

/// How far ahead of the consumer the endless test source lets itself be pulled.
const AHEAD: u64 = 1_000;

/// An endless source 1, 2, 3, … that panics, naming the mistake, if it is pulled more
/// than `AHEAD` values ahead of what the consumer has `taken`.
fn endless_source(taken: Rc<Cell<u64>>) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        for n in 1.. {
            if n > taken.get() * 2 + AHEAD {
                panic!(
                    "keep pulled {n} values from its source while the consumer had taken \
                     {}: it must pull only as many as it needs for the next value it yields \
                     (don't collect the source into a Vec first: this one never ends)",
                    taken.get()
                );
            }
            co.yield_(n).await;
        }
    })
}

/// A finite source that logs `made n` as it yields 1 ..= last.
fn logged_source(last: u64, log: Log) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        for n in 1..=last {
            log.push(format!("made {n}"));
            co.yield_(n).await;
        }
    })
}

fn is_even(n: u64) -> bool {
    n.is_multiple_of(2)
}

#[test]
fn numbers_are_made_only_when_asked_for() {
    let lines = within("numbers", || {
        let log = Log::default();
        let mut made = numbers(log.clone());
        for _ in 0..3 {
            match made.resume(()) {
                CoroutineState::Yielded(n) => log.push(format!("took {n}")),
                CoroutineState::Complete(()) => log.push("complete"),
            }
        }
        log.lines()
    });
    let expected = ["made 1", "took 1", "made 2", "took 2", "made 3", "took 3"];
    if let Some(first_take) = lines.iter().position(|line| line.starts_with("took")) {
        assert!(
            first_take <= 1,
            "numbers made {first_take} values before the first was taken: a generator makes \
             each value only when it is resumed for it (log and yield inside the loop, one \
             value per resume, not from a list made up front); log: {:?}",
            &lines[..lines.len().min(8)]
        );
    }
    assert_eq!(
        lines, expected,
        "each value is made (logged) just before it is yielded, and taken right after"
    );
}

#[test]
fn numbers_never_end() {
    let (count, last, ended) = within("numbers", || {
        let mut made = numbers(Log::default());
        let (mut count, mut last, mut ended) = (0u64, 0u64, false);
        for _ in 0..100_000 {
            match made.resume(()) {
                CoroutineState::Yielded(n) => {
                    count += 1;
                    last = n;
                }
                CoroutineState::Complete(()) => {
                    ended = true;
                    break;
                }
            }
        }
        (count, last, ended)
    });
    assert!(
        !ended,
        "numbers completed after {count} values: it must go on for ever (an endless loop in \
         the body is fine: it only runs when resumed)"
    );
    assert_eq!(last, 100_000, "the 100 000th number is 100 000");
}

#[test]
fn keep_takes_only_what_it_needs_from_an_endless_source() {
    let evens = within("keep", || {
        let taken = Rc::new(Cell::new(0));
        let mut evens = keep(endless_source(Rc::clone(&taken)), is_even);
        let mut got = Vec::new();
        for _ in 0..5 {
            match evens.resume(()) {
                CoroutineState::Yielded(n) => got.push(n),
                CoroutineState::Complete(()) => break,
            }
            taken.set(taken.get() + 1);
        }
        got
    });
    assert_eq!(
        evens,
        [2, 4, 6, 8, 10],
        "keep(is_even) of 1, 2, 3, … starts 2, 4, 6, 8, 10"
    );
}

#[test]
fn keep_interleaves_with_its_source_and_its_consumer() {
    let (lines, last) = within("keep", || {
        let log = Log::default();
        let mut evens = keep(logged_source(6, log.clone()), is_even);
        let last = loop {
            match evens.resume(()) {
                CoroutineState::Yielded(n) => log.push(format!("took {n}")),
                CoroutineState::Complete(()) => break "complete",
            }
        };
        (log.lines(), last)
    });
    assert_eq!(
        lines,
        [
            "made 1", "made 2", "took 2", "made 3", "made 4", "took 4", "made 5", "made 6",
            "took 6"
        ],
        "keep must pull one value at a time and yield each wanted one at once, so making \
         and taking interleave"
    );
    assert_eq!(last, "complete", "keep completes when its source does");
}

#[test]
fn keep_completes_when_nothing_is_wanted() {
    let first = within("keep", || {
        let mut none = keep(logged_source(5, Log::default()), |_| false);
        none.resume(())
    });
    assert_eq!(
        first,
        CoroutineState::Complete(()),
        "nothing of the source is wanted: keep's first resume drains it and completes"
    );
}
