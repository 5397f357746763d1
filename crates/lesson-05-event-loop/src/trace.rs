//! The loop's diary: what it decided, and when.
//!
//! Every stage from 2 on can be handed a [`Trace`]. The loop then writes down each
//! decision it makes: "polled task 3", "task 3 is pending", "task 1 was woken by a
//! timer", "nothing to do: parked until 0.300 s". The demo prints the diary as a story
//! and draws it with the kit's timeline; the tests read it to check *how* the loop ran,
//! not only what it computed.
//!
//! A trace that was not asked for costs one branch per decision (`Trace::off`), so the
//! benchmark runs the very same loop.

use std::cell::Cell;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A task's number in one runtime. The future passed to `block_on` is task 0.
pub type TaskId = usize;

/// The task `block_on` drives: the program's "main".
pub const MAIN: TaskId = 0;

/// Who called `wake`: the answer to "when A happens, do B", seen from B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Code running inside a poll of this task (a task waking itself is a yield).
    Task(TaskId),
    /// The loop's timer heap: a deadline passed.
    Timer,
    /// The reactor: the OS said a socket is ready.
    Io,
    /// Another thread (a helper thread, a worker of another runtime…).
    Thread,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Task(id) => write!(f, "task {id}"),
            Cause::Timer => f.write_str("a timer"),
            Cause::Io => f.write_str("IO readiness"),
            Cause::Thread => f.write_str("another thread"),
        }
    }
}

thread_local! {
    // What the loop on this thread is doing right now; a waker reads it to say who
    // woke its task. On a thread without a loop it stays `Thread`.
    static SOURCE: Cell<Cause> = const { Cell::new(Cause::Thread) };
}

/// Who is calling `wake` on this thread right now.
pub fn current_cause() -> Cause {
    SOURCE.with(Cell::get)
}

/// Runs `f` with wakes on this thread attributed to `cause` (the loop calls it around a
/// poll, around firing timers and around dispatching IO events).
pub fn attribute<T>(cause: Cause, f: impl FnOnce() -> T) -> T {
    let before = SOURCE.with(|s| s.replace(cause));
    let out = f();
    SOURCE.with(|s| s.set(before));
    out
}

/// One decision of the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A task was spawned (and queued to run).
    Spawned(TaskId),
    /// The loop polled the task: it runs until its next `.await` that is not ready.
    Polled(TaskId),
    /// The poll ended with `Pending`: the task waits; it runs again only when woken.
    Pending(TaskId),
    /// The poll ended with `Ready`: the task is done.
    Ready(TaskId),
    /// The task's waker was called; the task is back in the run queue.
    Woken(TaskId, Cause),
    /// Nothing was ready: the loop's thread slept, until a deadline or for ever (until
    /// a wake from elsewhere).
    Parked { until: Option<Duration> },
    /// The loop's thread is awake again.
    Unparked,
    /// Not the loop: a line the program itself wrote into the diary (the demo's tasks
    /// say "One" and "Two" here, so the story shows them between the loop's steps).
    Said(String),
}

/// One line of the diary: when (since the runtime started), on which thread, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: Duration,
    /// `kit::timeline::thread_number()` of the thread that decided.
    pub thread: u64,
    pub step: Step,
}

/// A shared, cloneable diary; [`Trace::off`] records nothing.
#[derive(Clone, Default)]
pub struct Trace {
    entries: Option<Arc<Mutex<Vec<Entry>>>>,
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trace")
            .field("on", &self.entries.is_some())
            .finish()
    }
}

impl Trace {
    /// A trace that records.
    pub fn on() -> Self {
        Self {
            entries: Some(Arc::default()),
        }
    }

    /// A trace that records nothing (the default, and the benchmark's).
    pub fn off() -> Self {
        Self::default()
    }

    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// Writes down one decision taken at `at` (the runtime's clock).
    pub fn record(&self, at: Duration, step: Step) {
        if let Some(entries) = &self.entries {
            let entry = Entry {
                at,
                thread: kit::timeline::thread_number(),
                step,
            };
            // A push cannot leave the list half-done, so a poisoned lock is still fine.
            entries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(entry);
        }
    }

    /// A copy of the entries so far, in the order they were recorded.
    pub fn entries(&self) -> Vec<Entry> {
        match &self.entries {
            Some(entries) => entries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            None => Vec::new(),
        }
    }

    /// How many times `task` was polled.
    pub fn polls_of(&self, task: TaskId) -> usize {
        self.entries()
            .iter()
            .filter(|e| e.step == Step::Polled(task))
            .count()
    }
}
