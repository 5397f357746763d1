//! A small, finished event loop for the tests of steps 3 and 4 (not an exercise).
//!
//! Stage 2 of the lesson, cut down: a run queue of task numbers, one waker per task
//! (through `std::task::Wake`), and a loop that polls only woken tasks and parks its
//! thread when none is. It counts the polls of every task, so a test can tell a task
//! that was woken from one that was polled for nothing.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// A task's number: `main` (the future given to [`block_on`]) is 0, spawned tasks 1, 2, …
pub type TaskId = usize;

type Task = Pin<Box<dyn Future<Output = ()>>>;

struct Queue {
    ids: Mutex<VecDeque<TaskId>>,
    thread: Thread,
}

struct TaskWaker {
    id: TaskId,
    queued: AtomicBool,
    queue: Arc<Queue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.queue
                .ids
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push_back(self.id);
            self.queue.thread.unpark();
        }
    }
}

struct Runtime {
    tasks: RefCell<HashMap<TaskId, (Task, Arc<TaskWaker>)>>,
    queue: Arc<Queue>,
    next_id: RefCell<TaskId>,
    polls: RefCell<HashMap<TaskId, usize>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}

/// Starts `future` as a task on the loop `block_on` runs on this thread; returns its
/// number. (No join handle here: step 3 is where you write one.)
///
/// # Panics
/// Outside [`block_on`].
pub fn spawn(future: impl Future<Output = ()> + 'static) -> TaskId {
    CURRENT.with(|current| {
        let current = current.borrow();
        let rt = current.as_ref().expect("spawn called outside block_on");
        let id = {
            let mut next = rt.next_id.borrow_mut();
            *next += 1;
            *next
        };
        let waker = Arc::new(TaskWaker {
            id,
            queued: AtomicBool::new(true),
            queue: Arc::clone(&rt.queue),
        });
        rt.tasks.borrow_mut().insert(id, (Box::pin(future), waker));
        rt.queue
            .ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(id);
        id
    })
}

/// How many times task `id` has been polled so far (`main` is 0).
///
/// # Panics
/// Outside [`block_on`].
pub fn polls_of(id: TaskId) -> usize {
    CURRENT.with(|current| {
        let current = current.borrow();
        let rt = current.as_ref().expect("polls_of called outside block_on");
        rt.polls.borrow().get(&id).copied().unwrap_or(0)
    })
}

/// Runs `main` and the tasks it spawns on this thread until `main` is done.
pub fn block_on<F: Future>(main: F) -> F::Output {
    let queue = Arc::new(Queue {
        ids: Mutex::new(VecDeque::from([0])),
        thread: thread::current(),
    });
    let rt = Rc::new(Runtime {
        tasks: RefCell::new(HashMap::new()),
        queue: Arc::clone(&queue),
        next_id: RefCell::new(0),
        polls: RefCell::new(HashMap::new()),
    });
    CURRENT.with(|current| *current.borrow_mut() = Some(Rc::clone(&rt)));
    let main_waker = Arc::new(TaskWaker {
        id: 0,
        queued: AtomicBool::new(true),
        queue: Arc::clone(&queue),
    });
    let mut main = std::pin::pin!(main);
    let output = 'run: loop {
        loop {
            let next = queue
                .ids
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front();
            let Some(id) = next else { break };
            *rt.polls.borrow_mut().entry(id).or_insert(0) += 1;
            if id == 0 {
                main_waker.queued.store(false, Ordering::Release);
                let waker = Waker::from(Arc::clone(&main_waker));
                if let Poll::Ready(out) = main.as_mut().poll(&mut Context::from_waker(&waker)) {
                    break 'run out;
                }
                continue;
            }
            let Some((mut task, task_waker)) = rt.tasks.borrow_mut().remove(&id) else {
                continue;
            };
            task_waker.queued.store(false, Ordering::Release);
            let waker = Waker::from(Arc::clone(&task_waker));
            if task
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
            {
                rt.tasks.borrow_mut().insert(id, (task, task_waker));
            }
        }
        thread::park();
    };
    CURRENT.with(|current| *current.borrow_mut() = None);
    output
}
