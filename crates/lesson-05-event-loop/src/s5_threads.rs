//! Stage 5: several worker threads share one run queue.
//!
//! Stage 3's loop (run queue, wakers, timer heap), on `workers` threads. What changed:
//! - **`Send`**: a task may be polled by one thread and, after a wake, by another, so
//!   `spawn` wants `F: Future + Send + 'static` (and a `Send` output); the task state
//!   lives in `Arc` and `Mutex` instead of `Rc` and `RefCell`;
//! - **one queue, many consumers**: the queue and the timer heap sit behind one `Mutex`;
//!   a worker with nothing to do waits on a `Condvar` (until the next deadline), and a
//!   wake notifies one waiting worker;
//! - **a task woken while it runs**: in stage 2 a wake during a poll simply queued the
//!   task's number again. Here that would let a second worker poll the same task at the
//!   same time as the first, so each task has a state (idle, queued, running, run
//!   again): a wake during the poll sets "run again", and the worker that is polling it
//!   queues it once the poll is over. Nothing is lost, nothing runs twice at once;
//! - the task holds its own future, and *is* its waker (`Arc<Task>` implements `Wake`);
//! - `block_on` polls `main` on the calling thread, which parks between polls (the
//!   workers run the spawned tasks): what tokio's multi-thread runtime does too.
//!
//! What it does not do: work stealing (one queue, one lock, every worker contends for
//! it; tokio gives each worker a queue of its own and lets idle ones steal), and IO.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use crate::trace::{self, Cause, MAIN, Step, TaskId, Trace};

// ANCHOR: task
/// Where a task is in its life. Only the worker that moved it to `Running` polls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for a wake.
    Idle,
    /// In the run queue.
    Queued,
    /// Being polled by a worker.
    Running,
    /// Woken while being polled: the worker queues it again when the poll ends.
    RunAgain,
    /// Finished (or dropped at shutdown).
    Done,
}

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A task is its own waker: waking it means queueing this `Arc`.
struct Task {
    id: TaskId,
    state: Mutex<State>,
    /// Only the running worker touches the future; the `Mutex` is there so that `Task`
    /// is `Sync` (a future is `Send`, not `Sync`) and is never contended.
    future: Mutex<Option<BoxFuture>>,
    shared: Arc<Shared>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let mut state = lock(&self.state);
        match *state {
            State::Idle => {
                *state = State::Queued;
                drop(state);
                self.shared
                    .push(Arc::clone(self), Some(trace::current_cause()));
            }
            State::Running => *state = State::RunAgain,
            State::Queued | State::RunAgain | State::Done => {}
        }
    }
}
// ANCHOR_END: task

// ANCHOR: shared
/// What the workers share: one lock over the queue and the timers.
struct Shared {
    inner: Mutex<Inner>,
    /// Idle workers wait here; a push or an earlier timer notifies one.
    work: Condvar,
    /// Every task not finished yet, so that shutdown can drop their futures.
    live: Mutex<HashMap<TaskId, Arc<Task>>>,
    next_id: AtomicUsize,
    trace: Trace,
    start: Instant,
}

#[derive(Default)]
struct Inner {
    ready: VecDeque<(Arc<Task>, Option<Cause>)>,
    /// Deadline (since `start`), sequence number → waker, as in stage 3.
    timers: BinaryHeap<Reverse<(Duration, u64)>>,
    timer_wakers: HashMap<u64, Waker>,
    next_timer: u64,
    shutdown: bool,
}

impl Shared {
    fn push(&self, task: Arc<Task>, cause: Option<Cause>) {
        lock(&self.inner).ready.push_back((task, cause));
        self.work.notify_one();
    }

    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    fn record(&self, step: Step) {
        if self.trace.is_on() {
            self.trace.record(self.now(), step);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking task is caught by nobody here; its lock's data is still whole.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

thread_local! {
    static CURRENT: std::cell::RefCell<Option<Arc<Shared>>> =
        const { std::cell::RefCell::new(None) };
}

fn with_shared<T>(f: impl FnOnce(&Arc<Shared>) -> T) -> T {
    CURRENT.with(|current| f(current.borrow().as_ref().expect("called outside block_on")))
}
// ANCHOR_END: shared

// ANCHOR: worker
/// One worker thread: take a ready task, poll it, repeat; fire due timers; wait for
/// work (or the next deadline) when there is none.
fn worker(shared: Arc<Shared>) {
    CURRENT.with(|current| *current.borrow_mut() = Some(Arc::clone(&shared)));
    let mut inner = lock(&shared.inner);
    loop {
        if inner.shutdown {
            break;
        }
        // Due timers first: collect their wakers, wake them without the lock (a wake
        // pushes onto the queue, which takes the lock).
        let now = shared.now();
        let mut due = Vec::new();
        while let Some(&Reverse((deadline, id))) = inner.timers.peek() {
            if deadline > now {
                break;
            }
            inner.timers.pop();
            due.extend(inner.timer_wakers.remove(&id));
        }
        if !due.is_empty() {
            drop(inner);
            trace::attribute(Cause::Timer, || due.into_iter().for_each(Waker::wake));
            inner = lock(&shared.inner);
            continue;
        }
        if let Some((task, cause)) = inner.ready.pop_front() {
            drop(inner);
            if let Some(cause) = cause {
                shared.record(Step::Woken(task.id, cause));
            }
            run(&shared, task);
            inner = lock(&shared.inner);
            continue;
        }
        // Nothing to do: wait for a push, or until the next deadline.
        let until = inner.timers.peek().map(|Reverse((deadline, _))| *deadline);
        shared.record(Step::Parked { until });
        inner = match until {
            Some(deadline) => {
                let timeout = deadline.saturating_sub(shared.now());
                shared
                    .work
                    .wait_timeout(inner, timeout)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => shared
                .work
                .wait(inner)
                .unwrap_or_else(PoisonError::into_inner),
        };
        shared.record(Step::Unparked);
    }
}

/// Polls a task that this worker took from the queue.
fn run(shared: &Shared, task: Arc<Task>) {
    *lock(&task.state) = State::Running;
    shared.record(Step::Polled(task.id));
    let waker = Waker::from(Arc::clone(&task));
    let poll = {
        let mut future = lock(&task.future);
        match future.as_mut() {
            Some(f) => trace::attribute(Cause::Task(task.id), || {
                f.as_mut().poll(&mut Context::from_waker(&waker))
            }),
            None => Poll::Ready(()),
        }
    };
    let mut state = lock(&task.state);
    match poll {
        Poll::Ready(()) => {
            *state = State::Done;
            drop(state);
            lock(&task.future).take();
            lock(&shared.live).remove(&task.id);
            shared.record(Step::Ready(task.id));
        }
        Poll::Pending => {
            shared.record(Step::Pending(task.id));
            if *state == State::RunAgain {
                // Woken during the poll: queue it now that nobody is polling it.
                *state = State::Queued;
                drop(state);
                shared.push(Arc::clone(&task), Some(Cause::Task(task.id)));
            } else {
                *state = State::Idle;
            }
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: spawn
struct JoinState<T> {
    output: Option<T>,
    waiter: Option<Waker>,
}

/// Starts `future` on the workers. It may run on any of them, and move between them
/// at every `.await`: hence `Send`.
///
/// # Panics
/// Outside `block_on`.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let state = Arc::new(Mutex::new(JoinState {
        output: None,
        waiter: None,
    }));
    let shared_state = Arc::clone(&state);
    let future: BoxFuture = Box::pin(async move {
        let output = future.await;
        let waiter = {
            let mut state = lock(&shared_state);
            state.output = Some(output);
            state.waiter.take()
        };
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    });
    with_shared(|shared| {
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        shared.record(Step::Spawned(id));
        let task = Arc::new(Task {
            id,
            state: Mutex::new(State::Queued),
            future: Mutex::new(Some(future)),
            shared: Arc::clone(shared),
        });
        lock(&shared.live).insert(id, Arc::clone(&task));
        shared.push(task, None);
    });
    JoinHandle { state }
}

/// Awaits a spawned task's output, from any thread.
pub struct JoinHandle<T> {
    state: Arc<Mutex<JoinState<T>>>,
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = lock(&self.state);
        match state.output.take() {
            Some(output) => Poll::Ready(output),
            None => {
                state.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
// ANCHOR_END: spawn

// ANCHOR: block_on
/// Wakes `block_on`'s thread, wherever the wake comes from.
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `main` on this thread and its spawned tasks on `workers` threads (at least 1).
pub fn block_on<F: Future>(main: F, workers: usize) -> F::Output {
    block_on_traced(main, workers, &Trace::off())
}

/// [`block_on`], writing the loop's decisions into `trace`.
pub fn block_on_traced<F: Future>(main: F, workers: usize, trace: &Trace) -> F::Output {
    let shared = Arc::new(Shared {
        inner: Mutex::new(Inner::default()),
        work: Condvar::new(),
        live: Mutex::new(HashMap::new()),
        next_id: AtomicUsize::new(MAIN + 1),
        trace: trace.clone(),
        start: Instant::now(),
    });
    let handles: Vec<_> = (0..workers.max(1))
        .map(|i| {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name(format!("worker {}", i + 1))
                .spawn(move || worker(shared))
                // The OS refusing a thread this early leaves nothing to run on.
                .expect("cannot start a worker thread")
        })
        .collect();
    CURRENT.with(|current| *current.borrow_mut() = Some(Arc::clone(&shared)));
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut main = std::pin::pin!(main);
    let output = loop {
        shared.record(Step::Polled(MAIN));
        if let Poll::Ready(output) = main.as_mut().poll(&mut cx) {
            shared.record(Step::Ready(MAIN));
            break output;
        }
        shared.record(Step::Pending(MAIN));
        // A wake that came during the poll left an unpark token: `park` returns at once.
        thread::park();
    };
    // Shut down: stop the workers, then drop every unfinished task's future (which may
    // hold wakers of other tasks: dropping the futures breaks those cycles).
    lock(&shared.inner).shutdown = true;
    shared.work.notify_all();
    for handle in handles {
        // A worker only ends by seeing `shutdown`; a panic inside a task would have
        // ended it early, and is reported here.
        if handle.join().is_err() {
            panic!("a worker thread panicked");
        }
    }
    let live: Vec<_> = lock(&shared.live).drain().map(|(_, task)| task).collect();
    for task in live {
        *lock(&task.state) = State::Done;
        lock(&task.future).take();
    }
    let mut inner = lock(&shared.inner);
    inner.ready.clear();
    inner.timer_wakers.clear();
    drop(inner);
    CURRENT.with(|current| *current.borrow_mut() = None);
    output
}
// ANCHOR_END: block_on

// ANCHOR: sleep
/// Waits until `duration` has passed, counted from now; the timer heap is shared by
/// all workers.
///
/// # Panics
/// Outside `block_on`.
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: with_shared(|shared| shared.now()) + duration,
        timer: None,
    }
}

pub struct Sleep {
    deadline: Duration,
    timer: Option<u64>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = self.deadline;
        let old = self.timer;
        let timer = with_shared(|shared| {
            if shared.now() >= deadline {
                return None;
            }
            let mut inner = lock(&shared.inner);
            if let Some(old) = old {
                inner.timer_wakers.remove(&old);
            }
            let id = inner.next_timer;
            inner.next_timer += 1;
            let earliest = inner
                .timers
                .peek()
                .is_none_or(|Reverse((first, _))| deadline < *first);
            inner.timers.push(Reverse((deadline, id)));
            inner.timer_wakers.insert(id, cx.waker().clone());
            drop(inner);
            // A worker waiting for a later deadline (or for ever) must recompute.
            if earliest {
                shared.work.notify_one();
            }
            Some(id)
        });
        match timer {
            None => Poll::Ready(()),
            Some(id) => {
                self.timer = Some(id);
                Poll::Pending
            }
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(timer) = self.timer {
            let _ = CURRENT.try_with(|current| {
                if let Some(shared) = current.borrow().as_ref() {
                    lock(&shared.inner).timer_wakers.remove(&timer);
                }
            });
        }
    }
}
// ANCHOR_END: sleep

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Barrier;

    use super::*;

    #[test]
    fn tasks_run_on_several_threads_at_once() {
        // Two tasks meet at a barrier: they can only pass it if two workers run them
        // at the same time. On one thread this would hang, so it is bounded.
        let done = crate::within(Duration::from_secs(10), || {
            let trace = Trace::on();
            block_on_traced(
                async {
                    let barrier = Arc::new(Barrier::new(2));
                    let handles: Vec<_> = (0..2)
                        .map(|_| {
                            let barrier = Arc::clone(&barrier);
                            spawn(async move {
                                barrier.wait();
                            })
                        })
                        .collect();
                    for handle in handles {
                        handle.await;
                    }
                },
                2,
                &trace,
            );
            let threads: HashSet<u64> = trace
                .entries()
                .iter()
                .filter(|e| matches!(e.step, Step::Polled(id) if id != MAIN))
                .map(|e| e.thread)
                .collect();
            assert_eq!(threads.len(), 2);
        });
        assert!(done, "two tasks never ran at the same time on two workers");
    }

    #[test]
    fn many_tasks_sum_correctly() {
        let sum = block_on(
            async {
                let handles: Vec<_> = (1..=1000u64)
                    .map(|i| {
                        spawn(async move {
                            sleep(Duration::from_micros(i % 7)).await;
                            i
                        })
                    })
                    .collect();
                let mut sum = 0;
                for handle in handles {
                    sum += handle.await;
                }
                sum
            },
            2,
        );
        assert_eq!(sum, 500_500);
    }

    #[test]
    fn timers_fire_in_order() {
        let order = block_on(
            async {
                let order = Arc::new(Mutex::new(Vec::new()));
                let handles: Vec<_> = [30u64, 10, 20]
                    .into_iter()
                    .map(|ms| {
                        let order = Arc::clone(&order);
                        spawn(async move {
                            sleep(Duration::from_millis(ms)).await;
                            lock(&order).push(ms);
                        })
                    })
                    .collect();
                for handle in handles {
                    handle.await;
                }
                lock(&order).clone()
            },
            1,
        );
        assert_eq!(order, [10, 20, 30]);
    }

    #[test]
    fn a_task_woken_while_it_runs_runs_again_and_never_twice_at_once() {
        // Each task wakes itself from another thread during its poll, 100 times. With
        // a lost wake this hangs; with a double poll, `polling` would see 2.
        let ok = crate::within(Duration::from_secs(20), || {
            block_on(
                async {
                    let handles: Vec<_> = (0..4)
                        .map(|_| {
                            // How many workers are polling this task right now.
                            let polling = Arc::new(AtomicUsize::new(0));
                            let mut left = 100;
                            spawn(std::future::poll_fn(move |cx| {
                                assert_eq!(polling.fetch_add(1, Ordering::SeqCst), 0);
                                let waker = cx.waker().clone();
                                thread::spawn(move || waker.wake()).join().ok();
                                polling.fetch_sub(1, Ordering::SeqCst);
                                left -= 1;
                                if left == 0 {
                                    Poll::Ready(())
                                } else {
                                    Poll::Pending
                                }
                            }))
                        })
                        .collect();
                    for handle in handles {
                        handle.await;
                    }
                },
                2,
            );
        });
        assert!(ok, "a wake during a poll was lost (or a worker panicked)");
    }
}
