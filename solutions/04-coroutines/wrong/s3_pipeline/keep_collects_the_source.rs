//! Wrong: collects the whole source into a Vec, then filters it, so an endless source never ends
//! Expect: it must pull only as many as it needs

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

/// 1, 2, 3, … for ever. Logs `made n` just before yielding `n`.
pub fn numbers(log: Log) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        for n in 1.. {
            log.push(format!("made {n}"));
            co.yield_(n).await;
        }
    })
}

// ANCHOR: mistake
/// Yields the values of `source` for which `wanted` is true, in order.
pub fn keep(source: BoxGen<u64, (), ()>, wanted: fn(u64) -> bool) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        let kept: Vec<u64> = source.filter(|&value| wanted(value)).collect();
        for value in kept {
            co.yield_(value).await;
        }
    })
}
// ANCHOR_END: mistake
