//! Stage 2: wakers. Only woken tasks are polled, and the loop sleeps when none is.
//!
//! What changed from stage 1:
//! - every task gets a [`Waker`], made safely from an `Arc` through [`std::task::Wake`];
//!   calling it puts the task's number in the run queue (once, however often it is
//!   called before the task runs) and unparks the loop's thread;
//! - the loop polls only what is in the run queue; when the queue is empty it parks its
//!   thread (`std::thread::park`) until some waker unparks it: no more spinning;
//! - a `JoinHandle` keeps the waker of whoever awaits it, and the finishing task wakes it;
//! - `sleep` now has to wake its task when the time is up; this stage does it the naive
//!   way, with a helper thread per sleep (stage 3 replaces that with a timer heap);
//! - [`yield_now`]: a future that wakes its own task and returns `Pending` once.
//!
//! Why is the waker `Send + Sync` when the loop has one thread? Because a waker can be
//! cloned and handed to any thread (this stage's sleep does exactly that). So the run
//! queue it pushes to sits behind a `Mutex`, while the tasks themselves stay on the
//! loop's thread and need not be `Send`.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use crate::trace::{self, Cause, MAIN, Step, TaskId, Trace};

// ANCHOR: task
/// A spawned task: its future, and the waker that queues it (made once, at spawn).
struct Task {
    future: Pin<Box<dyn Future<Output = ()>>>,
    waker: Arc<TaskWaker>,
}

/// The loop's state. Tasks wait in `tasks` until their number shows up in `ready`.
struct Runtime {
    tasks: RefCell<HashMap<TaskId, Task>>,
    ready: Arc<RunQueue>,
    next_id: Cell<TaskId>,
    trace: Trace,
    start: Instant,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}
// ANCHOR_END: task

// ANCHOR: waker
/// The numbers of the tasks to poll, shared by every waker, and the loop's thread to
/// unpark when one is added. `Cause` says who woke the task (for the trace).
struct RunQueue {
    ids: Mutex<VecDeque<(TaskId, Option<Cause>)>>,
    thread: Thread,
}

impl RunQueue {
    fn push(&self, id: TaskId, cause: Option<Cause>) {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back((id, cause));
        // If the loop is parked, this wakes it; if it is not, its next `park` returns
        // at once. Either way the wake cannot be lost.
        self.thread.unpark();
    }

    fn pop(&self) -> Option<(TaskId, Option<Cause>)> {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
    }

    fn len(&self) -> usize {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// What a task's `Waker` points to: which task, and whether it is already queued.
struct TaskWaker {
    id: TaskId,
    queued: AtomicBool,
    ready: Arc<RunQueue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Queue the task once, however many times it is woken before it runs.
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.ready.push(self.id, Some(trace::current_cause()));
        }
    }
}
// ANCHOR_END: waker

// ANCHOR: spawn
/// What a task and its `JoinHandle` share: the output, once there is one, and the
/// waker of whoever awaits it.
struct JoinState<T> {
    output: Option<T>,
    waiter: Option<Waker>,
}

/// Starts `future` as a task of the runtime running on this thread.
///
/// # Panics
/// Outside `block_on`, like `tokio::spawn` outside a runtime.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
{
    let state = Rc::new(RefCell::new(JoinState {
        output: None,
        waiter: None,
    }));
    let shared = Rc::clone(&state);
    let future = Box::pin(async move {
        let output = future.await;
        let waiter = {
            let mut state = shared.borrow_mut();
            state.output = Some(output);
            state.waiter.take()
        };
        // The awaiter is waiting for exactly this: tell it.
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    });
    CURRENT.with(|current| {
        let current = current.borrow();
        let runtime = current.as_ref().expect("spawn called outside block_on");
        let id = runtime.next_id.replace(runtime.next_id.get() + 1);
        runtime.record(Step::Spawned(id));
        let waker = Arc::new(TaskWaker {
            id,
            queued: AtomicBool::new(true),
            ready: Arc::clone(&runtime.ready),
        });
        runtime
            .tasks
            .borrow_mut()
            .insert(id, Task { future, waker });
        runtime.ready.push(id, None);
    });
    JoinHandle { state }
}

/// Awaits a spawned task's output.
pub struct JoinHandle<T> {
    state: Rc<RefCell<JoinState<T>>>,
}

impl<T> JoinHandle<T> {
    /// Whether the task has finished (its output is waiting here).
    pub fn is_finished(&self) -> bool {
        self.state.borrow().output.is_some()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.state.borrow_mut();
        match state.output.take() {
            Some(output) => Poll::Ready(output),
            None => {
                // Leave our waker for the task to call when it finishes.
                state.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
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
    let ready = Arc::new(RunQueue {
        ids: Mutex::new(VecDeque::new()),
        thread: thread::current(),
    });
    let runtime = Rc::new(Runtime {
        tasks: RefCell::new(HashMap::new()),
        ready: Arc::clone(&ready),
        next_id: Cell::new(MAIN + 1),
        trace: trace.clone(),
        start: Instant::now(),
    });
    CURRENT.with(|current| *current.borrow_mut() = Some(Rc::clone(&runtime)));
    let main_waker = Arc::new(TaskWaker {
        id: MAIN,
        queued: AtomicBool::new(true),
        ready: Arc::clone(&ready),
    });
    ready.push(MAIN, None);
    let mut main = std::pin::pin!(main);
    let output = 'run: loop {
        // One turn: poll the tasks that were ready when it began. (Tasks woken during
        // the turn wait for the next one, so a task that keeps yielding cannot keep
        // the loop from parking, firing timers or polling IO in later stages.)
        for _ in 0..ready.len() {
            let Some((id, cause)) = ready.pop() else {
                break;
            };
            if let Some(cause) = cause {
                runtime.record(Step::Woken(id, cause));
            }
            if id == MAIN {
                let waker = Waker::from(Arc::clone(&main_waker));
                if let Poll::Ready(output) = runtime.poll(&main_waker, main.as_mut(), &waker) {
                    break 'run output;
                }
            } else {
                runtime.run_task(id);
            }
        }
        // Nothing is ready: sleep until a waker unparks this thread. (`park` may also
        // return for no reason; the loop then finds nothing to do and parks again.)
        if ready.len() == 0 {
            runtime.record(Step::Parked { until: None });
            thread::park();
            runtime.record(Step::Unparked);
        }
    };
    CURRENT.with(|current| *current.borrow_mut() = None);
    output
}

impl Runtime {
    /// Polls the spawned task `id`, if it still exists (a finished task may be woken by
    /// a stale waker: nothing to do then).
    fn run_task(&self, id: TaskId) {
        // Take the task out while it runs: it may spawn, which inserts into `tasks`.
        let Some(mut task) = self.tasks.borrow_mut().remove(&id) else {
            return;
        };
        let waker = Waker::from(Arc::clone(&task.waker));
        if self
            .poll(&task.waker, task.future.as_mut(), &waker)
            .is_pending()
        {
            self.tasks.borrow_mut().insert(id, task);
        }
    }

    /// Polls one future with its task's waker, writing down the poll and its answer.
    fn poll<T>(
        &self,
        task: &TaskWaker,
        future: Pin<&mut dyn Future<Output = T>>,
        waker: &Waker,
    ) -> Poll<T> {
        // Clear "queued" *before* polling: a wake that arrives during the poll (from
        // the task itself, or from another thread) must queue the task again, or it
        // would be lost and the task would sleep for ever.
        task.queued.store(false, Ordering::Release);
        self.record(Step::Polled(task.id));
        let poll = trace::attribute(Cause::Task(task.id), || {
            future.poll(&mut Context::from_waker(waker))
        });
        self.record(match poll {
            Poll::Ready(_) => Step::Ready(task.id),
            Poll::Pending => Step::Pending(task.id),
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
/// Waits until `duration` has passed. The task is woken by a helper thread that sleeps
/// for it: correct, and one OS thread per sleeping task (stage 3 does better).
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + duration,
        waker: None,
    }
}

pub struct Sleep {
    deadline: Instant,
    /// Shared with the helper thread, once started; updated if the task's waker changes.
    waker: Option<Arc<Mutex<Waker>>>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            return Poll::Ready(());
        }
        match &self.waker {
            Some(waker) => waker
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone_from(cx.waker()),
            None => {
                let waker = Arc::new(Mutex::new(cx.waker().clone()));
                let for_thread = Arc::clone(&waker);
                let deadline = self.deadline;
                thread::spawn(move || {
                    thread::sleep(deadline.saturating_duration_since(Instant::now()));
                    for_thread
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .wake_by_ref();
                });
                self.waker = Some(waker);
            }
        }
        Poll::Pending
    }
}
// ANCHOR_END: sleep

// ANCHOR: yield_now
/// Lets the other ready tasks run before this one goes on: wakes its own task, so it is
/// queued again at the back, and returns `Pending` once.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: yield_now

#[cfg(test)]
mod tests {
    use super::*;

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
    fn yielding_tasks_take_turns() {
        let order = block_on(async {
            let order = Rc::new(RefCell::new(Vec::new()));
            let handles: Vec<_> = ["a", "b"]
                .into_iter()
                .map(|name| {
                    let order = Rc::clone(&order);
                    spawn(async move {
                        for i in 1..=2 {
                            order.borrow_mut().push(format!("{name}{i}"));
                            yield_now().await;
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
            order.take()
        });
        assert_eq!(order, ["a1", "b1", "a2", "b2"]);
    }

    #[test]
    fn a_sleeping_main_is_polled_twice_and_the_loop_parks() {
        let trace = Trace::on();
        block_on_traced(sleep(Duration::from_millis(20)), &trace);
        // Once to start the sleep, once when the helper thread woke it: not thousands.
        assert_eq!(trace.polls_of(MAIN), 2);
        let entries = trace.entries();
        assert!(
            entries
                .iter()
                .any(|e| e.step == Step::Parked { until: None })
        );
        assert!(
            entries
                .iter()
                .any(|e| e.step == Step::Woken(MAIN, Cause::Thread))
        );
    }

    #[test]
    fn only_the_woken_task_is_polled() {
        let trace = Trace::on();
        block_on_traced(
            async {
                // Task 2 awaits task 1's handle (a handle is a future); task 1 sleeps.
                // While task 1 sleeps, nothing polls task 2.
                let slow = spawn(sleep(Duration::from_millis(20)));
                let waiter = spawn(slow);
                waiter.await;
            },
            &trace,
        );
        assert_eq!(trace.polls_of(1), 2, "{:#?}", trace.entries());
        assert_eq!(trace.polls_of(2), 2, "{:#?}", trace.entries());
        // Task 2 (the waiter) was woken by task 1 finishing, not by anything else.
        assert!(
            trace
                .entries()
                .iter()
                .any(|e| e.step == Step::Woken(2, Cause::Task(1)))
        );
    }

    #[test]
    fn a_wake_during_the_poll_is_not_lost() {
        // The task wakes itself from another thread *while it is being polled*, and
        // only the first poll returns `Pending`. If that wake were lost, this would hang.
        struct WakeFromThreadDuringPoll(bool);
        impl Future for WakeFromThreadDuringPoll {
            type Output = ();
            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
                if self.0 {
                    return Poll::Ready(());
                }
                self.0 = true;
                let waker = cx.waker().clone();
                thread::spawn(move || waker.wake()).join().ok();
                Poll::Pending
            }
        }
        let done = crate::within(Duration::from_secs(10), || {
            block_on(async { spawn(WakeFromThreadDuringPoll(false)).await });
        });
        assert!(
            done,
            "the wake during the poll was lost: the task never ran again"
        );
    }
}
