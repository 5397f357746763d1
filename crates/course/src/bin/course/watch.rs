//! `course watch`: one step at a time, re-checked on every save.
//!
//! Three sources feed one channel of [`Event`]s: the keyboard (or, without a terminal,
//! lines of standard input), the file watcher, and a worker thread that runs checks.
//! The loop below is the only place that changes the session, so none of it needs a
//! lock. Checks run on the worker so that keys still answer during a build. A save, `r`
//! or `n` while a check runs stops it (each check has its own stop flag) and queues
//! exactly one more. An error is shown above the step, and the session goes on.

mod input;
mod screen;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use course::check::{Control, Report};
use course::meta::{Course, Lesson, Step};
use course::state::State;
use course::testrun::Stopped;

use crate::files::{Change, Watcher};
use crate::{WatchArgs, check_one, find_step, load_state_quietly};

pub use input::Key;
use screen::Screen;

/// Everything the loop reacts to.
#[derive(Debug)]
pub enum Event {
    Key(Key),
    Files(Change),
    /// A check finished: the step's index and the result.
    Checked(usize, anyhow::Result<Report>),
    /// Standard input reached its end: nobody can press a key any more.
    InputClosed,
}

/// What the screen shows under the step's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Result,
    Hint,
    List,
}

/// The state of a watch session, drawn by [`Screen`].
pub struct Session<'c> {
    pub course: &'c Course,
    pub steps: Vec<(&'c Lesson, &'c Step)>,
    pub current: usize,
    pub state: State,
    /// The last check of the current step, if it has been checked since it was opened.
    pub last: Option<Report>,
    /// How many checks have finished (line mode prints each one's headline).
    pub checks: u64,
    pub checking: bool,
    /// The check under way waits for the build lock another cargo holds.
    pub waiting_for_lock: bool,
    pub view: View,
    /// How many times the hint or list was asked for (line mode prints it each time).
    pub view_requests: u64,
    /// A one-line message above the step: a pass, a warning, an error.
    pub banner: Option<String>,
    pub watching: bool,
}

impl Session<'_> {
    pub fn step(&self) -> (&Lesson, &Step) {
        self.steps[self.current]
    }
}

/// Runs the watch loop until the learner quits.
///
/// `notes` are lines to show above the first step (what the start of `course` repaired).
pub fn run(
    course: &Course,
    args: &WatchArgs,
    timeout: Duration,
    notes: Vec<String>,
) -> anyhow::Result<ExitCode> {
    let (state, warning) = load_state_quietly(course)?;
    let banner: Vec<String> = notes
        .into_iter()
        .chain(warning.map(|w| format!("warning: {w}")))
        .collect();
    let steps: Vec<(&Lesson, &Step)> = course.steps().collect();
    let first = match &args.step {
        Some(id) => {
            let (_, step) = find_step(course, id)?;
            steps.iter().position(|(_, s)| s.id == step.id)
        }
        None => state
            .first_unsolved(course)
            .and_then(|(_, step)| steps.iter().position(|(_, s)| s.id == step.id)),
    };

    let (tx, rx) = mpsc::channel();
    let mut screen = Screen::open(tx.clone())?;
    let mut session = Session {
        course,
        // Every step passes: the last one is open, so that `n` starts again at the first.
        current: first.unwrap_or(steps.len() - 1),
        steps,
        state,
        last: None,
        checks: 0,
        checking: false,
        waiting_for_lock: false,
        view: View::Result,
        view_requests: 0,
        banner: (!banner.is_empty()).then(|| banner.join("\n")),
        watching: false,
    };

    // Without a watcher the learner re-checks by hand; say so rather than fail.
    let watcher = if args.manual {
        None
    } else {
        match Watcher::start(&course.root.join("exercises"), tx.clone(), Event::Files) {
            Ok(watcher) => Some(watcher),
            Err(err) => {
                session.banner = Some(format!(
                    "watching files failed ({err}): press r to re-check after a save"
                ));
                None
            }
        }
    };
    session.watching = watcher.is_some();

    let mut checks = Checks {
        worker: Worker::start(course.clone(), timeout, tx),
        running: None,
        pending: first.is_some(),
    };
    if first.is_none() {
        session.view = View::List;
        session.banner = Some("every step passes: well done! (n opens a step, q quits)".into());
    }
    screen.draw(&session)?;

    let result = event_loop(&mut session, &mut screen, &mut checks, &rx);
    // Stop a build or test run in progress, and wait for the worker to have killed it:
    // quitting must not leave cargo running behind the learner's back.
    if let Some(control) = &checks.running {
        control.stop.store(true, Ordering::Relaxed);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Event::Checked(..)) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    drop(watcher);
    screen.close(&session)?;
    result
}

/// The checks of a session: at most one running, and whether another is due.
struct Checks {
    worker: Worker,
    /// The check under way, by its controls.
    running: Option<Arc<Control>>,
    /// A check of the current step is due as soon as none runs.
    pending: bool,
}

impl Checks {
    /// A newer check is due. The one under way is out of date: it is stopped, so that
    /// a deadlocked step's timeout does not hold up the check of the learner's fix.
    fn restart(&mut self) {
        if let Some(control) = &self.running {
            control.stop.store(true, Ordering::Relaxed);
        }
        self.pending = true;
    }
}

fn event_loop(
    session: &mut Session<'_>,
    screen: &mut Screen,
    checks: &mut Checks,
    rx: &Receiver<Event>,
) -> anyhow::Result<ExitCode> {
    let mut input_open = true;
    loop {
        if checks.pending && checks.running.is_none() {
            checks.pending = false;
            checks.running = Some(checks.worker.check(session.current));
            session.checking = true;
            screen.draw(session)?;
        }
        // When input has closed (a pipe at its end), finish the check in flight, then
        // leave: there is nobody left to press q.
        if !input_open && checks.running.is_none() && !checks.pending {
            return Ok(ExitCode::SUCCESS);
        }
        let event = match &checks.running {
            // While a check runs, look now and then whether cargo waits for a lock.
            Some(control) => match rx.recv_timeout(Duration::from_millis(250)) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    let waiting = control.waiting_for_lock.load(Ordering::Relaxed);
                    if waiting != session.waiting_for_lock {
                        session.waiting_for_lock = waiting;
                        screen.draw(session)?;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
            },
            None => match rx.recv() {
                Ok(event) => event,
                Err(_) => return Ok(ExitCode::SUCCESS),
            },
        };
        match event {
            Event::Key(Key::Quit) => return Ok(ExitCode::SUCCESS),
            Event::Key(Key::Rerun) => checks.restart(),
            Event::Key(Key::Hint) => show(session, View::Hint, screen.is_terminal()),
            Event::Key(Key::List) => show(session, View::List, screen.is_terminal()),
            Event::Key(Key::Next) => {
                open(session, (session.current + 1) % session.steps.len());
                session.banner = None;
                checks.restart();
            }
            Event::Key(Key::Redraw | Key::Other) => {}
            Event::InputClosed => input_open = false,
            Event::Files(Change::Saved(paths)) => {
                let (lesson, _) = session.step();
                let folder = session.course.exercise_dir(lesson);
                if paths.iter().any(|p| p.starts_with(&folder)) {
                    checks.restart();
                }
            }
            Event::Files(Change::Failed(why)) => {
                session.watching = false;
                session.banner = Some(format!(
                    "watching files failed ({why}): press r to re-check after a save"
                ));
            }
            Event::Checked(index, result) => {
                checks.running = None;
                session.checking = false;
                session.waiting_for_lock = false;
                match result {
                    Ok(report) => checked(session, index, report, checks),
                    // Stopped for a newer check, which is due now.
                    Err(err) if err.is::<Stopped>() => {}
                    // No cargo, a binary that cannot start: say so and carry on; the
                    // learner may fix it and press r.
                    Err(err) => {
                        session.banner = Some(format!("error: {err:#} (r tries again)"));
                    }
                }
            }
        }
        screen.draw(session)?;
    }
}

/// Records a finished check; moves on when the current step passed.
fn checked(session: &mut Session<'_>, index: usize, report: Report, checks: &mut Checks) {
    let passed = report.passed();
    match State::update(&session.course.root, |s| report.record(s)) {
        Ok(state) => session.state = state,
        Err(err) => {
            // Progress is a convenience: the check still counts for this session.
            report.record(&mut session.state);
            session.banner = Some(format!("warning: {err:#}"));
        }
    }
    if index != session.current {
        // The learner moved on while this step was being checked.
        return;
    }
    session.checks += 1;
    if !passed {
        session.last = Some(report);
        return;
    }
    let done = &report.step;
    match session.state.next_unsolved(session.course, session.current) {
        Some(next) => {
            let title = &session.steps[next].1.title;
            session.banner = Some(format!("✓ {done} passes! On to the next step: {title}"));
            open(session, next);
            checks.pending = true;
        }
        None => {
            session.banner = Some(format!(
                "✓ {done} passes, and with it every step of the course. Well done!"
            ));
            session.last = Some(report);
            session.view = View::List;
        }
    }
}

fn open(session: &mut Session<'_>, index: usize) {
    session.current = index;
    session.last = None;
    session.view = View::Result;
}

/// Shows the hint or the list. On a terminal the same key hides it again; in line mode
/// each press prints it anew.
fn show(session: &mut Session<'_>, view: View, toggles: bool) {
    session.view = if toggles && session.view == view {
        View::Result
    } else {
        view
    };
    session.view_requests += 1;
}

/// The thread that runs checks, one at a time.
struct Worker {
    requests: Sender<(usize, Arc<Control>)>,
}

impl Worker {
    fn start(course: Course, timeout: Duration, events: Sender<Event>) -> Self {
        let (requests, next) = mpsc::channel::<(usize, Arc<Control>)>();
        thread::spawn(move || {
            let steps: Vec<(&Lesson, &Step)> = course.steps().collect();
            for (index, control) in next {
                let (lesson, step) = steps[index];
                let result = check_one(&course, lesson, step, timeout, &control);
                if events.send(Event::Checked(index, result)).is_err() {
                    break;
                }
            }
        });
        Self { requests }
    }

    /// Asks for a check of step `index`; its controls, to stop it or see it wait.
    fn check(&self, index: usize) -> Arc<Control> {
        let control = Arc::new(Control::default());
        // The worker only stops when this sender is dropped.
        let _ = self.requests.send((index, Arc::clone(&control)));
        control
    }
}
