//! Wrong: makes the first thousand numbers into a Vec before yielding any
//! Expect: before the first was taken

use std::cell::RefCell;
use std::rc::Rc;

use crate::generator::{BoxGen, Co, Gen};

/// A shared list of what happened, in order, so the tests can see *when* work was done.
#[derive(Debug, Clone, Default)]
pub struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub fn push(&self, line: impl Into<String>) {
        self.0.borrow_mut().push(line.into());
    }

    pub fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

// ANCHOR: mistake
/// 1, 2, 3, … for ever (or so it says). Logs `made n` just before yielding `n`.
pub fn numbers(log: Log) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        let all: Vec<u64> = (1..=1_000)
            .inspect(|n| log.push(format!("made {n}")))
            .collect();
        for n in all {
            co.yield_(n).await;
        }
    })
}
// ANCHOR_END: mistake

/// Yields the values of `source` for which `wanted` is true, in order.
pub fn keep(source: BoxGen<u64, (), ()>, wanted: fn(u64) -> bool) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        for value in source {
            if wanted(value) {
                co.yield_(value).await;
            }
        }
    })
}
