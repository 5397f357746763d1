//! `course watch`: one step at a time, re-checked on every save.
//!
//! Three sources feed one channel of [`Event`]s: the keyboard (or, without a terminal,
//! lines of standard input), the file watcher, and a worker thread that runs checks.
//! The loop below is the only place that changes the session, so none of it needs a
//! lock. Checks run on the worker so that keys still answer during a build. A save, `r`
//! or `n` while a check runs stops it (each check has its own stop flag) and queues
//! exactly one more. An error is shown above the step, and the session goes on.
//!
//! Two more things keep the screen true. A save of the file of a step that had passed
//! (not the one open) re-checks that step too, after the open step's check, so the list
//! shows when it no longer passes. And the progress file is looked at a few times a
//! second: when another runner changed it (`cargo course verify` in another terminal),
//! the screen shows the new progress.

mod input;
mod screen;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use course::check::{Control, Report};
use course::files::{Change, Watcher};
use course::meta::{Course, Lesson, Step};
use course::state::State;
use course::testrun::Stopped;

use crate::{WatchArgs, check_one, find_step, interrupt, load_state_quietly};

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
    /// When the check of the open step started, and when its test binary started (the
    /// timeout counts from then), while it runs.
    pub check_started: Option<Instant>,
    pub tests_started: Option<Instant>,
    /// The limit for one test run.
    pub timeout: Duration,
    /// The check under way waits for the build lock another cargo holds.
    pub waiting_for_lock: bool,
    /// A passed step whose file was saved is being checked again (by its index).
    pub rechecking: Option<usize>,
    /// How many times another runner changed the progress file (line mode says so).
    pub outside_changes: u64,
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
pub fn run(course: &Course, args: &WatchArgs, timeout: Duration) -> anyhow::Result<ExitCode> {
    let (state, warning) = load_state_quietly(course)?;
    let banner = warning.map(|w| format!("warning: {w}"));
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
    // Without a terminal (or before raw mode), Ctrl-C is a signal: quit as `q` does,
    // which stops a check under way, cargo included.
    let quit = tx.clone();
    interrupt::on_ctrl_c(move || {
        let _ = quit.send(Event::Key(Key::Quit));
    })?;
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
        check_started: None,
        tests_started: None,
        timeout,
        waiting_for_lock: false,
        rechecking: None,
        outside_changes: 0,
        view: View::Result,
        view_requests: 0,
        banner,
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
        rechecks: VecDeque::new(),
    };
    if first.is_none() {
        session.view = View::List;
        session.banner = Some("every step passes: well done! (n opens a step, q quits)".into());
    }
    screen.draw(&session)?;

    let result = event_loop(&mut session, &mut screen, &mut checks, &rx);
    // Stop a build or test run in progress, and wait for the worker to have killed it:
    // quitting must not leave cargo running behind the learner's back.
    if let Some((_, control)) = &checks.running {
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

/// The checks of a session: at most one running, and which are due.
struct Checks {
    worker: Worker,
    /// The check under way: the step's index and the check's controls.
    running: Option<(usize, Arc<Control>)>,
    /// A check of the current step is due as soon as none runs.
    pending: bool,
    /// Passed steps whose files were saved, to check again once the open step's check
    /// is done (each at most once).
    rechecks: VecDeque<usize>,
}

impl Checks {
    /// A newer check is due. The one under way is out of date: it is stopped, so that
    /// a deadlocked step's timeout does not hold up the check of the learner's fix. (A
    /// re-check of another step that gets stopped goes back in its queue.)
    fn restart(&mut self) {
        if let Some((index, control)) = &self.running {
            control.stop.store(true, Ordering::Relaxed);
            self.recheck(*index);
        }
        self.pending = true;
    }

    fn recheck(&mut self, index: usize) {
        if !self.rechecks.contains(&index) {
            self.rechecks.push_back(index);
        }
    }

    /// Starts the next due check, if none runs: the open step's first.
    fn start_next(&mut self, session: &mut Session<'_>) {
        if self.running.is_some() {
            return;
        }
        let index = if self.pending {
            self.pending = false;
            session.current
        } else {
            match self.rechecks.pop_front() {
                Some(index) => index,
                None => return,
            }
        };
        let control = self.worker.check(index);
        if index == session.current {
            session.checking = true;
            session.check_started = Some(Instant::now());
            session.tests_started = None;
        } else {
            session.rechecking = Some(index);
        }
        self.running = Some((index, control));
    }
}

fn event_loop(
    session: &mut Session<'_>,
    screen: &mut Screen,
    checks: &mut Checks,
    rx: &Receiver<Event>,
) -> anyhow::Result<ExitCode> {
    let mut input_open = true;
    let mut progress = ProgressFile::new(session.course);
    // What the frame showed of a running check, to redraw only when it changes.
    let mut shown_seconds = None;
    loop {
        if checks.running.is_none() && (checks.pending || !checks.rechecks.is_empty()) {
            checks.start_next(session);
            screen.draw(session)?;
        }
        // When input has closed (a pipe at its end), finish the checks due, then leave:
        // there is nobody left to press q.
        if !input_open && checks.running.is_none() && !checks.pending && checks.rechecks.is_empty()
        {
            return Ok(ExitCode::SUCCESS);
        }
        // Wake now and then even when nothing happens: to see cargo wait for a lock, to
        // count the seconds of a check, to notice another runner's progress.
        let event = match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
        };
        let Some(event) = event else {
            let mut changed = false;
            if let Some((index, control)) = &checks.running
                && *index == session.current
            {
                let waiting = control.waiting_for_lock.load(Ordering::Relaxed);
                changed |= waiting != session.waiting_for_lock;
                session.waiting_for_lock = waiting;
                session.tests_started = control.tests_started();
                let seconds = screen::running_seconds(session);
                changed |= seconds != shown_seconds;
                shown_seconds = seconds;
            }
            if let Some(state) = progress.changed_on_disk(&session.state) {
                session.state = state;
                session.outside_changes += 1;
                changed = true;
            }
            if changed {
                screen.draw(session)?;
            }
            continue;
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
            Event::Files(Change::Saved(paths)) => saved(session, checks, &paths),
            Event::Files(Change::Failed(why)) => {
                session.watching = false;
                session.banner = Some(format!(
                    "watching files failed ({why}): press r to re-check after a save"
                ));
            }
            Event::Checked(index, result) => {
                checks.running = None;
                if index == session.current {
                    session.checking = false;
                    session.check_started = None;
                    session.tests_started = None;
                    session.waiting_for_lock = false;
                    shown_seconds = None;
                }
                if session.rechecking == Some(index) {
                    session.rechecking = None;
                }
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
                // Our own write of the progress file is no news from another runner.
                progress.seen(&session.state);
            }
        }
        screen.draw(session)?;
    }
}

/// Files were saved: a save in the open step's lesson re-checks the open step; a save
/// of the file of another step that had passed re-checks that step too, so that the
/// list does not go on showing a pass that is no longer true.
fn saved(session: &mut Session<'_>, checks: &mut Checks, paths: &[PathBuf]) {
    let (lesson, _) = session.step();
    let folder = session.course.exercise_dir(lesson);
    if paths.iter().any(|p| p.starts_with(&folder)) {
        checks.restart();
    }
    for (index, (lesson, step)) in session.steps.iter().enumerate() {
        if index != session.current
            && session.state.passed(&step.id)
            && paths.contains(&session.course.starter_file(lesson, step))
        {
            checks.recheck(index);
        }
    }
}

/// The progress file as last seen, to notice when another runner changes it.
struct ProgressFile {
    root: PathBuf,
    stamp: Option<(u64, SystemTime)>,
}

impl ProgressFile {
    fn new(course: &Course) -> Self {
        let root = course.root.clone();
        let stamp = Self::stamp(&root);
        Self { root, stamp }
    }

    fn stamp(root: &std::path::Path) -> Option<(u64, SystemTime)> {
        let meta = std::fs::metadata(State::path(root)).ok()?;
        Some((meta.len(), meta.modified().ok()?))
    }

    /// The progress on disk, when the file changed since last seen and says something
    /// other than `current`.
    fn changed_on_disk(&mut self, current: &State) -> Option<State> {
        let stamp = Self::stamp(&self.root);
        if stamp == self.stamp {
            return None;
        }
        self.stamp = stamp;
        let (on_disk, unreadable) = State::load(&self.root);
        (unreadable.is_none() && on_disk != *current).then_some(on_disk)
    }

    /// The file now holds `state`, written by this runner.
    fn seen(&mut self, state: &State) {
        let _ = self.changed_on_disk(state);
    }
}

/// Records a finished check; moves on when the current step passed.
fn checked(session: &mut Session<'_>, index: usize, report: Report, checks: &mut Checks) {
    let passed = report.passed();
    let had_passed = session.state.passed(&report.step);
    match State::update(&session.course.root, |s| report.record(s)) {
        Ok(state) => session.state = state,
        Err(err) => {
            // Progress is a convenience: the check still counts for this session.
            report.record(&mut session.state);
            session.banner = Some(format!("warning: {err:#}"));
        }
    }
    if index != session.current {
        // A re-check of a step that had passed, or a check of a step the learner moved
        // away from meanwhile: recorded; a lost pass is worth a line.
        if had_passed && !session.state.passed(&report.step) {
            session.banner = Some(format!(
                "✗ {} no longer passes (its file was saved): `l` lists the steps",
                report.step
            ));
        }
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
