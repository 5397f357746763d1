//! Step 3: a lazy pipeline of generators: produce → keep some → consume.

use std::cell::RefCell;
use std::rc::Rc;

use crate::generator::BoxGen;

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
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub fn numbers(log: Log) -> BoxGen<u64, (), ()> {
    // TODO: a generator whose body loops for ever: log, then `co.yield_(n).await`.
    // Each value must be made only when someone resumes the generator for it.
    todo!("make the endless numbers")
}

/// Yields the values of `source` for which `wanted` is true, in order; completes when
/// `source` completes. Pulls from `source` only as many values as it needs.
#[allow(unused_variables)]
pub fn keep(source: BoxGen<u64, (), ()>, wanted: fn(u64) -> bool) -> BoxGen<u64, (), ()> {
    // TODO: a generator that moves `source` in and resumes it one value at a time
    // (a `Gen` whose sent type is `()` is an `Iterator`, so `for value in source` works),
    // yielding each wanted value as soon as it has one.
    todo!("keep the wanted values")
}
