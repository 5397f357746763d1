//! Test helpers shared by the step tests (included with `#[path]`, so cargo does not
//! treat this file as a test of its own).

#![allow(dead_code)] // Each step uses a different part of this file.

use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A meeting point for `expected` callers: [`Meeting::arrive`] returns `true` only if
/// all of them were inside `arrive` at the same time.
///
/// This is how the tests prove work was *in progress at the same time* without timing
/// anything: a sequential answer calls `arrive` once, waits in vain for the others, and
/// the meeting fails. Patience is bounded, so a failure is a failed test, never a hang.
///
/// What it proves is overlap in time, each call on a thread of its own (a caller blocked
/// here holds its thread); not parallelism. Threads that wait here take no CPU, so the
/// meeting succeeds on one core as well as on many: pinned to one CPU with
/// `taskset -c 0 cargo test`, the steps' correct answers still pass. That is on purpose:
/// a test that needed two cores would fail on a one-core CI machine, and how much runs in
/// parallel is for the lesson's bench to measure, not for a test to assert.
#[derive(Debug)]
pub struct Meeting {
    expected: usize,
    patience: Duration,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    arrived: usize,
    broken: bool,
}

impl Meeting {
    pub fn new(expected: usize) -> Self {
        Self {
            expected,
            // Generous: threads on a busy 2-core machine can take a while to start.
            patience: Duration::from_secs(3),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        }
    }

    /// Arrives and waits for the others. `false` if they did not all come in time
    /// (after which every later arrival gets `false` at once).
    pub fn arrive(&self) -> bool {
        let deadline = Instant::now() + self.patience;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.arrived += 1;
        self.changed.notify_all();
        while state.arrived < self.expected && !state.broken {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                state.broken = true;
                self.changed.notify_all();
                break;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        !state.broken
    }
}

/// Runs `body` on its own thread and fails the test if it has not finished within
/// `limit`, naming the likely cause, instead of hanging the whole test run.
pub fn within<T: Send + 'static>(
    limit: Duration,
    likely_cause: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> T {
    exercise_support::guide();
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = tx.send(body());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        // The body panicked (a failed assertion): report its own message.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the body either sends a value or panics"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("still running after {limit:?}: {likely_cause}")
        }
    }
}

/// Makes items finish in the reverse of their order, whatever the code under test does:
/// item `i` may return only once the thread that ran item `i + 1` has *ended*.
///
/// A thread's end is seen through a thread-local value whose destructor runs when the
/// thread exits, after everything the thread did with the item's result (joined back,
/// or pushed onto a shared list). So an answer that collects results as they arrive
/// gets them last item first on every run, and a right answer still gets them in the
/// order of the items. Patience is bounded, as in [`Meeting`].
#[derive(Debug)]
pub struct ReverseFinish {
    ended: Vec<Arc<Gate>>,
}

#[derive(Debug, Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn open(&self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.opened.notify_all();
    }

    fn wait(&self, patience: Duration) {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .opened
            .wait_timeout_while(open, patience, |open| !*open)
            .unwrap_or_else(|e| e.into_inner());
    }
}

/// Opens its gate when the thread holding it ends.
struct OnThreadEnd(Option<Arc<Gate>>);

impl Drop for OnThreadEnd {
    fn drop(&mut self) {
        if let Some(gate) = self.0.take() {
            gate.open();
        }
    }
}

thread_local! {
    static ON_END: std::cell::RefCell<OnThreadEnd> = const {
        std::cell::RefCell::new(OnThreadEnd(None))
    };
}

impl ReverseFinish {
    pub fn new(items: usize) -> Self {
        Self {
            ended: (0..items).map(|_| Arc::new(Gate::default())).collect(),
        }
    }

    /// Called by item `index` on the thread that runs it: returns once the thread of
    /// item `index + 1` has ended (or after two seconds, if it never does).
    pub fn finish(&self, index: usize) {
        ON_END.with(|end| end.borrow_mut().0 = Some(Arc::clone(&self.ended[index])));
        if let Some(next) = self.ended.get(index + 1) {
            next.wait(Duration::from_secs(2));
        }
    }
}
