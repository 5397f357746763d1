//! A small generator library on `async`/`await`, with no `unsafe` and no runtime.
//!
//! Stable Rust has no `yield` keyword, but it has `async`: the compiler already turns an
//! `async` block into a state machine that stops at every `.await` that is not ready.
//! So a generator can be an `async` block that awaits [`Co::yield_`]: that future stores
//! the value in a slot shared with the [`Gen`] and answers "not ready", which suspends
//! the whole block; on the next [`Gen::resume`] it answers "ready" with the value sent in.
//!
//! Nothing here ever really waits, so no waker is needed: [`Gen::resume`] polls with
//! `std::task::Waker::noop()` (stable since Rust 1.85), a waker that does nothing.
//!
//! This is the library the chapter builds (`crates/lesson-04-coroutines/src/generator.rs`),
//! given here whole: the steps use it, none of them asks you to change it.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The answer to one `resume`: the coroutine either stopped at a `yield` with a value,
/// or ran off its end with a result. (Nightly Rust's `std::ops::CoroutineState` has the
/// same two variants; Python says the second one by raising `StopIteration(result)`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoroutineState<Y, R> {
    /// Suspended at a yield point; resume it again to go on.
    Yielded(Y),
    /// Finished; its local state is gone.
    Complete(R),
}

/// What passes between a generator's body and whoever resumes it.
#[derive(Default)]
enum Slot<Y, S> {
    #[default]
    Empty,
    /// The body reached `co.yield_(value)`; `resume` takes the value out.
    Yielded(Y),
    /// `resume(arg)` put the value to send in; the pending `yield_` takes it out.
    Sent(S),
}

/// The generator body's handle: `co.yield_(value).await` suspends the body and gives back
/// the value sent with the next `resume`.
pub struct Co<Y, S> {
    slot: Rc<Cell<Slot<Y, S>>>,
}

impl<Y, S> Co<Y, S> {
    /// Yields `value` to the caller of `resume`; completes with the value it sends next.
    pub fn yield_(&self, value: Y) -> YieldNow<'_, Y, S> {
        YieldNow {
            co: self,
            value: Some(value),
        }
    }
}

/// The future `yield_` returns: "not ready" once (with the value left in the slot),
/// then "ready" with whatever was sent in.
pub struct YieldNow<'a, Y, S> {
    co: &'a Co<Y, S>,
    value: Option<Y>,
}

// We never hand out a pinned reference to the value inside, so moving a `YieldNow` is
// always fine, whatever `Y` is (a safe promise: `Unpin` is not an `unsafe` trait).
impl<Y, S> Unpin for YieldNow<'_, Y, S> {}

impl<Y, S> Future for YieldNow<'_, Y, S> {
    type Output = S;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<S> {
        // `YieldNow` is `Unpin` (above), so it may be used through a plain `&mut`.
        let this = self.get_mut();
        match this.value.take() {
            // First poll: leave the value for `resume` and suspend the body.
            Some(value) => {
                this.co.slot.set(Slot::Yielded(value));
                Poll::Pending
            }
            // Second poll (the next `resume`): the sent value is the result of the yield.
            None => match this.co.slot.take() {
                Slot::Sent(sent) => Poll::Ready(sent),
                // Only `Gen::resume` should poll a yield the second time, and it sends first.
                _ => panic!(
                    "a `co.yield_` was polled again without a resume in between: await each \
                     yield on its own, inside the generator's body, and nowhere else"
                ),
            },
        }
    }
}

/// A generator: a suspended `async` body, resumed by hand.
///
/// `F` is the body's future. [`Gen::new`] keeps its exact type (one allocation when the
/// generator is made, then direct calls); [`Gen::boxed`] erases it to
/// `dyn Future`, so generators with different bodies have one type ([`BoxGen`]).
pub struct Gen<Y, S, F: Future + ?Sized> {
    slot: Rc<Cell<Slot<Y, S>>>,
    // Boxed because a future that borrows itself across an `.await` (as `co.yield_`
    // borrows `co`) must not move once polled; `Box::pin` gives it a fixed address
    // without `unsafe`. `None` once the body has completed.
    body: Option<Pin<Box<F>>>,
}

/// A generator whose body's type is erased: what functions return and lists hold.
pub type BoxGen<Y, S, R> = Gen<Y, S, dyn Future<Output = R>>;

impl<Y, S, F: Future> Gen<Y, S, F> {
    /// Makes a generator from its body; nothing of the body runs until the first resume.
    pub fn new(body: impl FnOnce(Co<Y, S>) -> F) -> Self {
        let slot = Rc::new(Cell::new(Slot::Empty));
        let co = Co {
            slot: Rc::clone(&slot),
        };
        Self {
            slot,
            body: Some(Box::pin(body(co))),
        }
    }
}

impl<Y, S, R> BoxGen<Y, S, R> {
    /// Like [`Gen::new`], with the body's type erased.
    pub fn boxed<F>(body: impl FnOnce(Co<Y, S>) -> F) -> Self
    where
        F: Future<Output = R> + 'static,
    {
        let slot = Rc::new(Cell::new(Slot::Empty));
        let co = Co {
            slot: Rc::clone(&slot),
        };
        let body: Pin<Box<dyn Future<Output = R>>> = Box::pin(body(co));
        Self {
            slot,
            body: Some(body),
        }
    }
}

impl<Y, S, F: Future + ?Sized> Gen<Y, S, F> {
    /// Runs the body until its next `co.yield_(…)` or its end.
    ///
    /// `arg` becomes the result of the `yield_` the body is stopped at. The first resume
    /// starts the body, which is not stopped at any yield yet, so its `arg` is dropped
    /// (Python's first `send` must be `None` for the same reason).
    ///
    /// # Panics
    ///
    /// If the body has completed (as nightly's coroutines and Rust's futures do), or if
    /// the body awaited something other than `co.yield_`.
    pub fn resume(&mut self, arg: S) -> CoroutineState<Y, F::Output> {
        let Some(body) = self.body.as_mut() else {
            panic!("generator resumed after it completed: drop a generator once it says Complete");
        };
        self.slot.set(Slot::Sent(arg));
        let mut cx = Context::from_waker(Waker::noop());
        match body.as_mut().poll(&mut cx) {
            Poll::Ready(result) => {
                self.body = None;
                CoroutineState::Complete(result)
            }
            Poll::Pending => match self.slot.take() {
                Slot::Yielded(value) => CoroutineState::Yielded(value),
                _ => panic!(
                    "a generator's body awaited something other than `co.yield_`: \
                     nothing here would ever wake it"
                ),
            },
        }
    }

    /// Has the body run to its end?
    pub fn is_complete(&self) -> bool {
        self.body.is_none()
    }
}

/// With nothing to send (`S::default()` each time), a generator is an iterator over its
/// yields; the body's result is dropped.
impl<Y, S: Default, F: Future + ?Sized> Iterator for Gen<Y, S, F> {
    type Item = Y;

    fn next(&mut self) -> Option<Y> {
        if self.is_complete() {
            return None;
        }
        match self.resume(S::default()) {
            CoroutineState::Yielded(value) => Some(value),
            CoroutineState::Complete(_) => None,
        }
    }
}
