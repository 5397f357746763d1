//! Wrong: keeps only the waker of the first poll, so when the handle is polled later by another task that task is never woken
//! Expect: store the waker of the latest

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::runtime;

/// What a task and its handle share.
pub struct JoinState<T> {
    pub output: Option<T>,
    pub waiter: Option<Waker>,
}

/// Awaits the output of a task started by [`spawn`].
pub struct JoinHandle<T> {
    state: Rc<RefCell<JoinState<T>>>,
}

/// Spawns `future` on the test runtime and returns a handle to its output.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
{
    let state = Rc::new(RefCell::new(JoinState {
        output: None,
        waiter: None,
    }));
    let shared = Rc::clone(&state);
    runtime::spawn(async move {
        let output = future.await;
        finish(&shared, output);
    });
    JoinHandle { state }
}

/// Called by the task when its future is done.
fn finish<T>(state: &RefCell<JoinState<T>>, output: T) {
    let waiter = {
        let mut state = state.borrow_mut();
        state.output = Some(output);
        state.waiter.take()
    };
    // Wake outside the borrow: waking may run code that looks at the state.
    if let Some(waiter) = waiter {
        waiter.wake();
    }
}

// ANCHOR: mistake
impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.state.borrow_mut();
        match state.output.take() {
            Some(output) => Poll::Ready(output),
            None => {
                // Keep the waker of the first poll (cloning one every poll is waste).
                if state.waiter.is_none() {
                    state.waiter = Some(cx.waker().clone());
                }
                Poll::Pending
            }
        }
    }
}
// ANCHOR_END: mistake
