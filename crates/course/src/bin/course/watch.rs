//! `course watch`: one step at a time, re-checked on every save.
//!
//! Three sources feed one channel of [`Event`]s: the keyboard (or, without a terminal,
//! lines of standard input), the file watcher, and a worker thread that runs checks.
//! The loop below is the only place that changes the session, so none of it needs a
//! lock. Checks run on the worker so that keys still answer during a build; a save that
//! arrives mid-check queues exactly one more check.

mod input;
mod screen;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use course::check::{self, Report};
use course::meta::{Course, Lesson, Step};
use course::state::State;
use course::testrun::Stopped;

use crate::files::{Change, Watcher};
use crate::{WatchArgs, find_step, load_state_quietly};

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
    pub checking: bool,
    pub view: View,
    /// How many times the hint or list was asked for (line mode prints it each time).
    pub view_requests: u64,
    /// A one-line message above the step: a pass, a warning.
    pub banner: Option<String>,
    pub watching: bool,
    pub all_done: bool,
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
        current: first.unwrap_or(0),
        all_done: first.is_none(),
        steps,
        state,
        last: None,
        checking: false,
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

    let stop = Arc::new(AtomicBool::new(false));
    let worker = Worker::start(course.clone(), timeout, Arc::clone(&stop), tx);
    let mut pending = !session.all_done;
    if session.all_done {
        session.view = View::List;
        session.banner = Some("every step passes: well done! (n opens a step, q quits)".into());
    }
    screen.draw(&session)?;

    let result = event_loop(&mut session, &mut screen, &worker, &rx, &mut pending);
    // Stop a build or test run in progress, and wait for the worker to have killed it:
    // quitting must not leave cargo running behind the learner's back.
    stop.store(true, Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_secs(5);
    if session.checking {
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

fn event_loop(
    session: &mut Session<'_>,
    screen: &mut Screen,
    worker: &Worker,
    rx: &Receiver<Event>,
    pending: &mut bool,
) -> anyhow::Result<ExitCode> {
    let mut input_open = true;
    loop {
        if *pending && !session.checking {
            *pending = false;
            session.checking = true;
            worker.check(session.current);
            screen.draw(session)?;
        }
        // When input has closed (a pipe at its end), finish the check in flight, then
        // leave: there is nobody left to press q.
        if !input_open && !session.checking && !*pending {
            return Ok(ExitCode::SUCCESS);
        }
        let Ok(event) = rx.recv() else {
            return Ok(ExitCode::SUCCESS);
        };
        match event {
            Event::Key(Key::Quit) => return Ok(ExitCode::SUCCESS),
            Event::Key(Key::Rerun) => *pending = true,
            Event::Key(Key::Hint) => show(session, View::Hint, screen.is_terminal()),
            Event::Key(Key::List) => show(session, View::List, screen.is_terminal()),
            Event::Key(Key::Next) => {
                open(session, (session.current + 1) % session.steps.len());
                session.banner = None;
                *pending = true;
            }
            Event::Key(Key::Redraw | Key::Other) => {}
            Event::InputClosed => input_open = false,
            Event::Files(Change::Saved(paths)) => {
                let (lesson, _) = session.step();
                let folder = session.course.exercise_dir(lesson);
                if paths.iter().any(|p| p.starts_with(&folder)) {
                    *pending = true;
                }
            }
            Event::Files(Change::Failed(why)) => {
                session.watching = false;
                session.banner = Some(format!(
                    "watching files failed ({why}): press r to re-check after a save"
                ));
            }
            Event::Checked(index, result) => {
                session.checking = false;
                let report = match result {
                    Ok(report) => report,
                    Err(err) if err.is::<Stopped>() => continue,
                    // No cargo, a binary that cannot start: nothing to retry.
                    Err(err) => return Err(err),
                };
                checked(session, index, report, pending)?;
            }
        }
        screen.draw(session)?;
    }
}

/// Records a finished check; moves on when the current step passed.
fn checked(
    session: &mut Session<'_>,
    index: usize,
    report: Report,
    pending: &mut bool,
) -> anyhow::Result<()> {
    let passed = report.passed();
    let root = &session.course.root;
    session.state = State::update(root, |s| s.record(&report.step, passed))?;
    if index != session.current {
        // The learner moved on while this step was being checked.
        return Ok(());
    }
    if !passed {
        session.last = Some(report);
        return Ok(());
    }
    let done = &report.step;
    match session.state.next_unsolved(session.course, session.current) {
        Some(next) => {
            let title = &session.steps[next].1.title;
            session.banner = Some(format!("✓ {done} passes! On to the next step: {title}"));
            open(session, next);
            *pending = true;
        }
        None => {
            session.banner = Some(format!(
                "✓ {done} passes, and with it every step of the course. Well done!"
            ));
            session.last = Some(report);
            session.all_done = true;
            session.view = View::List;
        }
    }
    Ok(())
}

fn open(session: &mut Session<'_>, index: usize) {
    session.current = index;
    session.last = None;
    session.view = View::Result;
    session.all_done = session.state.first_unsolved(session.course).is_none();
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
    requests: Sender<usize>,
}

impl Worker {
    fn start(
        course: Course,
        timeout: Duration,
        stop: Arc<AtomicBool>,
        events: Sender<Event>,
    ) -> Self {
        let (requests, next) = mpsc::channel::<usize>();
        thread::spawn(move || {
            let steps: Vec<(&Lesson, &Step)> = course.steps().collect();
            for index in next {
                let (lesson, step) = steps[index];
                let result = check::step(&course, lesson, step, timeout, &stop);
                if events.send(Event::Checked(index, result)).is_err() {
                    break;
                }
            }
        });
        Self { requests }
    }

    fn check(&self, index: usize) {
        // The worker only stops when this sender is dropped.
        let _ = self.requests.send(index);
    }
}
