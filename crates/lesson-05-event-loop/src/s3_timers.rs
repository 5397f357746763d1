//! Stage 3: timers. `sleep` puts a deadline on a heap; the loop sleeps until the next.
//!
//! What changed from stage 2:
//! - the runtime owns a [`Clock`]: the real one, or a manual one that tests move by hand
//!   (when the loop would sleep until a deadline, a manual clock jumps straight to it,
//!   as tokio's paused clock does), so timer tests take no real time;
//! - `sleep` no longer starts a thread: on its first `Pending` it pushes its deadline and
//!   its task's waker onto the runtime's heap of timers (a min-heap by deadline);
//! - between turns the loop fires every timer whose deadline has passed, earliest first,
//!   and when nothing is ready it parks *until the next deadline* instead of for ever;
//! - [`now`] reads the runtime's clock, the way `tokio::time::Instant::now` does.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
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
    timers: RefCell<Timers>,
    next_id: Cell<TaskId>,
    trace: Trace,
    clock: Clock,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}
// ANCHOR_END: task

// ANCHOR: clock
/// The runtime's sense of time, as a duration since the runtime started.
#[derive(Debug)]
pub enum Clock {
    /// The machine's monotonic clock; waiting really waits.
    Real(Instant),
    /// A clock that moves only when the loop has nothing to do but wait for a timer:
    /// then it jumps to that timer's deadline. Tests run hours of timers in microseconds.
    Manual(Cell<Duration>),
}

impl Clock {
    pub fn real() -> Self {
        Clock::Real(Instant::now())
    }

    pub fn manual() -> Self {
        Clock::Manual(Cell::new(Duration::ZERO))
    }

    pub fn now(&self) -> Duration {
        match self {
            Clock::Real(start) => start.elapsed(),
            Clock::Manual(now) => now.get(),
        }
    }

    /// Sleeps the loop's thread until `deadline`, or for ever if there is none; an
    /// `unpark` (a wake from another thread) ends either sleep early.
    fn park(&self, deadline: Option<Duration>) {
        match (self, deadline) {
            (Clock::Real(_), Some(deadline)) => {
                thread::park_timeout(deadline.saturating_sub(self.now()));
            }
            (Clock::Manual(now), Some(deadline)) => now.set(now.get().max(deadline)),
            (_, None) => thread::park(),
        }
    }
}
// ANCHOR_END: clock

// ANCHOR: timers
/// The timers not yet fired: a min-heap of (deadline, sequence number), and the waker
/// of each. The sequence number keeps timers with the same deadline in the order they
/// were set, and tells the wakers apart.
#[derive(Default)]
struct Timers {
    heap: BinaryHeap<Reverse<(Duration, u64)>>,
    wakers: HashMap<u64, Waker>,
    next: u64,
}

impl Timers {
    fn add(&mut self, deadline: Duration, waker: Waker) -> u64 {
        let id = self.next;
        self.next += 1;
        self.heap.push(Reverse((deadline, id)));
        self.wakers.insert(id, waker);
        id
    }

    /// The earliest deadline still waiting, if any.
    fn next_deadline(&self) -> Option<Duration> {
        self.heap.peek().map(|Reverse((deadline, _))| *deadline)
    }

    /// Takes out, earliest first, the wakers of the timers due at `now`.
    fn due(&mut self, now: Duration) -> Vec<Waker> {
        let mut due = Vec::new();
        while let Some(&Reverse((deadline, id))) = self.heap.peek() {
            if deadline > now {
                break;
            }
            self.heap.pop();
            // A cancelled sleep removed its waker already; skip it.
            if let Some(waker) = self.wakers.remove(&id) {
                due.push(waker);
            }
        }
        due
    }
}
// ANCHOR_END: timers

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
    block_on_with(main, Clock::real(), &Trace::off())
}

/// [`block_on`] on the given clock, writing the loop's decisions into `trace`.
pub fn block_on_with<F: Future>(main: F, clock: Clock, trace: &Trace) -> F::Output {
    let ready = Arc::new(RunQueue {
        ids: Mutex::new(VecDeque::new()),
        thread: thread::current(),
    });
    let runtime = Rc::new(Runtime {
        tasks: RefCell::new(HashMap::new()),
        ready: Arc::clone(&ready),
        timers: RefCell::new(Timers::default()),
        next_id: Cell::new(MAIN + 1),
        trace: trace.clone(),
        clock,
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
        // Nothing is ready: sleep until the next deadline, or until a waker from
        // another thread unparks us. Then wake the tasks whose timers are due.
        if ready.len() == 0 {
            let until = runtime.timers.borrow().next_deadline();
            runtime.record(Step::Parked { until });
            runtime.clock.park(until);
            runtime.record(Step::Unparked);
        }
        runtime.fire_timers();
    };
    CURRENT.with(|current| *current.borrow_mut() = None);
    output
}

impl Runtime {
    /// Wakes, earliest deadline first, every task whose timer is due.
    fn fire_timers(&self) {
        // Take the due wakers out first: waking them must not hold the heap borrowed.
        let due = self.timers.borrow_mut().due(self.clock.now());
        trace::attribute(Cause::Timer, || due.into_iter().for_each(Waker::wake));
    }

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
            self.trace.record(self.clock.now(), step);
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: sleep
/// Reads the clock of the runtime running on this thread.
///
/// # Panics
/// Outside `block_on`.
pub fn now() -> Duration {
    with_runtime(|runtime| runtime.clock.now())
}

fn with_runtime<T>(f: impl FnOnce(&Runtime) -> T) -> T {
    CURRENT.with(|current| {
        let current = current.borrow();
        f(current.as_ref().expect("called outside block_on"))
    })
}

/// Waits until `duration` has passed on the runtime's clock, counted from now (not
/// from the first poll: tokio's `sleep` does the same).
///
/// # Panics
/// Outside `block_on`.
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: now() + duration,
        timer: None,
    }
}

pub struct Sleep {
    deadline: Duration,
    /// The number of this sleep's timer on the heap, once it is there.
    timer: Option<u64>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = self.deadline;
        // The clock decides, not the wake: a wake for another reason (or a stale
        // timer) must not end the sleep early.
        if now() >= deadline {
            return Poll::Ready(());
        }
        // Put the timer on the heap (again, if an earlier one was for another waker).
        let old = self.timer;
        let timer = with_runtime(|runtime| {
            let mut timers = runtime.timers.borrow_mut();
            if let Some(old) = old {
                timers.wakers.remove(&old);
            }
            timers.add(deadline, cx.waker().clone())
        });
        self.timer = Some(timer);
        Poll::Pending
    }
}

impl Drop for Sleep {
    /// A sleep dropped before its deadline (cancelled) takes its waker off the heap.
    fn drop(&mut self) {
        if let Some(timer) = self.timer {
            // After `block_on` returned, there is no runtime and nothing to clean up.
            let _ = CURRENT.try_with(|current| {
                if let Some(runtime) = current.borrow().as_ref() {
                    runtime.timers.borrow_mut().wakers.remove(&timer);
                }
            });
        }
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

    fn manual<F: Future>(main: F) -> (F::Output, Trace) {
        let trace = Trace::on();
        let out = block_on_with(main, Clock::manual(), &trace);
        (out, trace)
    }

    #[test]
    fn timers_fire_in_deadline_order_and_never_early() {
        let (fired, _) = manual(async {
            let fired = Rc::new(RefCell::new(Vec::new()));
            let handles: Vec<_> = [300u64, 100, 200, 100]
                .into_iter()
                .enumerate()
                .map(|(i, ms)| {
                    let fired = Rc::clone(&fired);
                    spawn(async move {
                        sleep(Duration::from_millis(ms)).await;
                        fired.borrow_mut().push((i, now()));
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
            fired.take()
        });
        let ms = Duration::from_millis;
        assert_eq!(
            fired,
            [(1, ms(100)), (3, ms(100)), (2, ms(200)), (0, ms(300))]
        );
    }

    #[test]
    fn an_hour_of_manual_time_takes_no_real_time() {
        let started = Instant::now();
        let ((), trace) = manual(async { sleep(Duration::from_secs(3600)).await });
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(trace.polls_of(MAIN), 2);
        assert!(trace.entries().iter().any(|e| e.step
            == Step::Parked {
                until: Some(Duration::from_secs(3600))
            }));
        assert!(
            trace
                .entries()
                .iter()
                .any(|e| e.step == Step::Woken(MAIN, Cause::Timer))
        );
    }

    #[test]
    fn a_cancelled_sleep_leaves_no_waker_behind() {
        let (left, _) = manual(async {
            let long = sleep(Duration::from_secs(10));
            let mut long = Box::pin(long);
            // Poll it once so it registers, then drop it.
            std::future::poll_fn(|cx| {
                let _ = long.as_mut().poll(cx);
                Poll::Ready(())
            })
            .await;
            drop(long);
            with_runtime(|runtime| runtime.timers.borrow().wakers.len())
        });
        assert_eq!(left, 0);
    }

    #[test]
    fn the_real_clock_parks_until_the_deadline() {
        let trace = Trace::on();
        let started = Instant::now();
        block_on_with(
            async { sleep(Duration::from_millis(20)).await },
            Clock::real(),
            &trace,
        );
        assert!(started.elapsed() >= Duration::from_millis(20));
        // Two polls, however the parking went: no spinning.
        assert_eq!(trace.polls_of(MAIN), 2);
    }

    #[test]
    fn yielding_tasks_take_turns() {
        let (order, _) = manual(async {
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
}
