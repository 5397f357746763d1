//! Step 3: a lazy pipeline of generators: produce → keep some → consume.

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
        // An endless loop is fine in a generator: the body runs only when resumed, one
        // turn of the loop per resume.
        for n in 1.. {
            log.push(format!("made {n}"));
            co.yield_(n).await;
        }
    })
}

/// Yields the values of `source` for which `wanted` is true, in order; completes when
/// `source` completes. Pulls from `source` only as many values as it needs.
pub fn keep(source: BoxGen<u64, (), ()>, wanted: fn(u64) -> bool) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co: Co<u64, ()>| async move {
        // A `Gen` with nothing to send is an `Iterator`: each turn of this loop resumes
        // the source once, and each wanted value is yielded before the next is pulled.
        for value in source {
            if wanted(value) {
                co.yield_(value).await;
            }
        }
    })
}
