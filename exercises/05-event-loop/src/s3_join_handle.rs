//! Step 3: a `JoinHandle` that wakes whoever awaits it.

// Until the TODOs are done, some imports and fields are unused; the project lints
// with `-D warnings`. (Delete this line once the step passes, if you like.)
#![allow(unused_imports, dead_code)]

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
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
fn finish<T>(state: &RefCell<JoinState<T>>, output: T) {
    // TODO: store the output; then, if a task is waiting for it, wake that task.
    todo!("store the output and wake the waiter")
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    // Until the TODO is done, the parameter is unused; the project lints with `-D warnings`.
    #[allow(unused_variables)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        // TODO: the output, if the task has finished; otherwise `Pending`, leaving
        // something behind so that `finish` can wake this task.
        todo!("give the output, or wait for it")
    }
}
