//! Stage 1: a run queue, `spawn`, a `JoinHandle`, `block_on`. No wakers yet.
//!
//! The smallest loop that can run many tasks on one thread: keep the tasks in a queue,
//! poll each in turn, put back the ones that are not done. It is correct, and it is
//! wasteful: a task that waits (for a timer, say) is polled again and again, just to
//! answer "not yet", so the thread spins at 100% while nothing happens. Stage 2 fixes
//! exactly that.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use crate::trace::{MAIN, Step, TaskId, Trace};

// ANCHOR: task
/// A spawned task: a number, and a future with its output type erased (the output goes
/// to the `JoinHandle` instead), pinned on the heap so the loop can poll it in place.
struct Task {
    id: TaskId,
    future: Pin<Box<dyn Future<Output = ()>>>,
}

/// The loop's state: the queue of tasks, and the diary of its decisions.
struct Runtime {
    queue: RefCell<VecDeque<Task>>,
    next_id: Cell<TaskId>,
    trace: Trace,
    start: Instant,
}

thread_local! {
    // The runtime that `block_on` is running on this thread, so that `spawn` can find
    // it without being handed it (tokio does the same with its "context").
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}
// ANCHOR_END: task

// ANCHOR: spawn
/// Where a task leaves its output for whoever awaits its `JoinHandle`.
type Slot<T> = Rc<RefCell<Option<T>>>;

/// Starts `future` as a task of the runtime running on this thread.
///
/// # Panics
/// Outside `block_on`, like `tokio::spawn` outside a runtime.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
{
    let slot: Slot<F::Output> = Rc::new(RefCell::new(None));
    let filled = Rc::clone(&slot);
    let future = Box::pin(async move {
        let output = future.await;
        *filled.borrow_mut() = Some(output);
    });
    CURRENT.with(|current| {
        let current = current.borrow();
        let runtime = current.as_ref().expect("spawn called outside block_on");
        let id = runtime.next_id.replace(runtime.next_id.get() + 1);
        runtime.record(Step::Spawned(id));
        runtime.queue.borrow_mut().push_back(Task { id, future });
    });
    JoinHandle { slot }
}

/// Awaits a spawned task's output.
pub struct JoinHandle<T> {
    slot: Slot<T>,
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        // No waker is kept: in this stage every task is polled on every turn anyway,
        // so whoever awaits this handle will look again soon.
        match self.slot.borrow_mut().take() {
            Some(output) => Poll::Ready(output),
            None => Poll::Pending,
        }
    }
}
// ANCHOR_END: spawn

// ANCHOR: block_on
/// Runs `main` to completion on this thread, with every task it spawns.
pub fn block_on<F: Future>(main: F) -> F::Output {
    block_on_traced(main, &Trace::off())
}

/// [`block_on`], writing the loop's decisions into `trace`.
pub fn block_on_traced<F: Future>(main: F, trace: &Trace) -> F::Output {
    let runtime = Rc::new(Runtime {
        queue: RefCell::new(VecDeque::new()),
        next_id: Cell::new(MAIN + 1),
        trace: trace.clone(),
        start: Instant::now(),
    });
    CURRENT.with(|current| *current.borrow_mut() = Some(Rc::clone(&runtime)));
    let mut main = std::pin::pin!(main);
    // Nobody is told when a future can make progress, so the waker does nothing.
    let mut cx = Context::from_waker(Waker::noop());
    let output = loop {
        if let Poll::Ready(output) = runtime.poll(MAIN, main.as_mut(), &mut cx) {
            break output;
        }
        // One turn: poll every task once, in order; the unfinished go to the back.
        let turn = runtime.queue.borrow().len();
        for _ in 0..turn {
            // Take the task out before polling it: it may call `spawn`, which pushes
            // onto this same queue (a `RefCell` borrowed twice would panic).
            let Some(mut task) = runtime.queue.borrow_mut().pop_front() else {
                break;
            };
            if runtime
                .poll(task.id, task.future.as_mut(), &mut cx)
                .is_pending()
            {
                runtime.queue.borrow_mut().push_back(task);
            }
        }
    };
    CURRENT.with(|current| *current.borrow_mut() = None);
    output
}

impl Runtime {
    /// Polls one future, writing down the poll and its answer.
    fn poll<T>(
        &self,
        id: TaskId,
        future: Pin<&mut dyn Future<Output = T>>,
        cx: &mut Context<'_>,
    ) -> Poll<T> {
        self.record(Step::Polled(id));
        let poll = future.poll(cx);
        self.record(match poll {
            Poll::Ready(_) => Step::Ready(id),
            Poll::Pending => Step::Pending(id),
        });
        poll
    }

    fn record(&self, step: Step) {
        if self.trace.is_on() {
            self.trace.record(self.start.elapsed(), step);
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: sleep
/// Waits until `duration` has passed, by checking the clock each time it is polled.
///
/// Nothing will wake the task when the time is up: that is why this stage's loop polls
/// everything all the time.
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + duration,
    }
}

pub struct Sleep {
    deadline: Instant,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}
// ANCHOR_END: sleep

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_returns_the_output_of_main() {
        let trace = Trace::on();
        let out = block_on_traced(async { 6 * 7 }, &trace);
        assert_eq!((out, trace.polls_of(MAIN)), (42, 1));
    }

    #[test]
    fn spawned_tasks_run_and_their_handles_give_the_output() {
        let sum = block_on(async {
            let handles: Vec<_> = (1..=10).map(|i| spawn(async move { i * i })).collect();
            let mut sum = 0;
            for handle in handles {
                sum += handle.await;
            }
            sum
        });
        assert_eq!(sum, 385);
    }

    #[test]
    fn tasks_take_turns_in_spawn_order() {
        let order = block_on(async {
            let order = Rc::new(RefCell::new(Vec::new()));
            let mut handles = Vec::new();
            for name in ["a", "b", "c"] {
                let order = Rc::clone(&order);
                handles.push(spawn(async move {
                    order.borrow_mut().push(format!("{name}1"));
                    Yield(false).await;
                    order.borrow_mut().push(format!("{name}2"));
                }));
            }
            for handle in handles {
                handle.await;
            }
            order.take()
        });
        assert_eq!(order, ["a1", "b1", "c1", "a2", "b2", "c2"]);
    }

    #[test]
    fn a_task_can_spawn_another() {
        let out = block_on(async { spawn(async { spawn(async { 7 }).await * 6 }).await });
        assert_eq!(out, 42);
    }

    #[test]
    fn a_sleeping_task_is_polled_over_and_over() {
        // The point of this stage: waiting costs polls. 2 ms of sleep, far more polls
        // than the handful a loop with wakers needs (stage 2 makes it 2 or 3).
        let trace = Trace::on();
        block_on_traced(sleep(Duration::from_millis(2)), &trace);
        let polls = trace.polls_of(MAIN);
        assert!(
            polls > 100,
            "only {polls} polls: is the loop really spinning?"
        );
    }

    /// Pending once, then ready: a yield that needs no waker in this stage.
    struct Yield(bool);

    impl Future for Yield {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                Poll::Pending
            }
        }
    }
}
