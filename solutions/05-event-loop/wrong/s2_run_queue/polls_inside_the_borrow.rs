//! Wrong: polls each task while still borrowing the task map, so a task that spawns another panics (the map is already borrowed)
//! Expect: spawned from inside a task

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Wake, Waker};

pub type TaskId = usize;

/// The numbers of the tasks to poll next, in order. Wakers may be called from any
/// thread, hence the `Mutex`.
#[derive(Default)]
pub struct RunQueue {
    ids: Mutex<VecDeque<TaskId>>,
}

impl RunQueue {
    pub fn push(&self, id: TaskId) {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(id);
    }

    pub fn pop(&self) -> Option<TaskId> {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
    }
}

/// What a task's `Waker` points to.
pub struct TaskWaker {
    pub id: TaskId,
    /// True while the task's number is in the queue (so it is queued only once).
    pub queued: AtomicBool,
    pub queue: Arc<RunQueue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Queue this task, and only this one, unless it is queued already.
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.queue.push(self.id);
        }
    }
}

struct Task {
    future: Pin<Box<dyn Future<Output = ()>>>,
    waker: Arc<TaskWaker>,
}

/// A single-threaded executor; `run_until_idle` polls until no task is woken.
#[derive(Default)]
pub struct Executor {
    tasks: RefCell<HashMap<TaskId, Task>>,
    queue: Arc<RunQueue>,
    polls: RefCell<HashMap<TaskId, usize>>,
    next_id: RefCell<TaskId>,
}

impl Executor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a task, queued to run; returns its number (1, 2, …).
    pub fn spawn(&self, future: impl Future<Output = ()> + 'static) -> TaskId {
        let id = {
            let mut next = self.next_id.borrow_mut();
            *next += 1;
            *next
        };
        let waker = Arc::new(TaskWaker {
            id,
            queued: AtomicBool::new(true),
            queue: Arc::clone(&self.queue),
        });
        self.tasks.borrow_mut().insert(
            id,
            Task {
                future: Box::pin(future),
                waker,
            },
        );
        self.queue.push(id);
        id
    }

    /// How many times task `id` was polled.
    pub fn polls(&self, id: TaskId) -> usize {
        self.polls.borrow().get(&id).copied().unwrap_or(0)
    }

    /// Whether task `id` has finished.
    pub fn is_done(&self, id: TaskId) -> bool {
        id <= *self.next_id.borrow() && !self.tasks.borrow().contains_key(&id)
    }

    // ANCHOR: mistake
    /// Polls the queued tasks, one at a time, until the queue is empty.
    pub fn run_until_idle(&self) {
        while let Some(id) = self.queue.pop() {
            // Poll the task where it is, in the map.
            let mut tasks = self.tasks.borrow_mut();
            let Some(task) = tasks.get_mut(&id) else {
                continue;
            };
            task.waker.queued.store(false, Ordering::Release);
            *self.polls.borrow_mut().entry(id).or_insert(0) += 1;
            let waker = Waker::from(Arc::clone(&task.waker));
            if task
                .future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                tasks.remove(&id);
            }
        }
    }
    // ANCHOR_END: mistake
}
