//! Drawing the session: a full-screen frame in a terminal, plain lines without one.
//!
//! In a terminal the runner switches to raw mode to read single keys. Raw mode also stops
//! the terminal from turning `\n` into a new line *and* a return to column 0, so frames
//! are written with `\r\n`. The terminal is put back on quit, on error (the guard's
//! `Drop`) and on panic (a panic hook), so a crash never leaves the shell unusable.
//! Ctrl-C arrives as a key in raw mode and quits like `q`.

use std::io::{self, IsTerminal, Write};
use std::sync::Once;
use std::sync::mpsc::Sender;

use course::check::see_all;
use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::terminal::{self, Clear, ClearType};
use crossterm::{execute, queue};

use super::{Event, Session, View, input};
use crate::commands::step_list;
use crate::{book, progress, shown};

/// At most this many lines of a check's details, however tall the terminal.
const MAX_DETAIL_LINES: usize = 40;

pub struct Screen {
    mode: Mode,
}

enum Mode {
    Terminal(RawMode),
    Lines(Printed),
}

impl Screen {
    /// A terminal screen when both standard input and output are terminals; otherwise
    /// line mode, where a key is typed as a line.
    pub fn open(tx: Sender<Event>) -> anyhow::Result<Self> {
        if io::stdin().is_terminal() && io::stdout().is_terminal() {
            let raw = RawMode::enter()?;
            input::spawn_keys(tx);
            Ok(Self {
                mode: Mode::Terminal(raw),
            })
        } else {
            println!(
                "standard input is not a terminal: line mode (type h, l, n, r or q, then Enter)"
            );
            input::spawn_lines(tx);
            Ok(Self {
                mode: Mode::Lines(Printed::default()),
            })
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self.mode, Mode::Terminal(_))
    }

    pub fn draw(&mut self, session: &Session<'_>) -> io::Result<()> {
        match &mut self.mode {
            Mode::Terminal(_) => {
                let (cols, rows) = terminal::size().unwrap_or((80, 24));
                let text = frame(session, usize::from(cols), usize::from(rows)).join("\r\n");
                let mut out = io::stdout().lock();
                queue!(out, MoveTo(0, 0), Clear(ClearType::All))?;
                out.write_all(text.as_bytes())?;
                out.flush()
            }
            Mode::Lines(printed) => printed.update(session),
        }
    }

    /// Puts the terminal back and says where the learner stands.
    pub fn close(self, session: &Session<'_>) -> io::Result<()> {
        if let Mode::Terminal(raw) = self.mode {
            drop(raw);
            println!();
        }
        let total = session.steps.len();
        let done = session.state.passed_count(session.course);
        // `writeln!`, not `println!`: a reader that went away (`| head`) is no reason to
        // panic on the way out.
        let _ = writeln!(
            io::stdout(),
            "progress saved: {done} of {total} steps pass (`cargo course` picks up here)"
        );
        Ok(())
    }
}

/// The whole screen, line by line, for a terminal `cols` wide and `rows` tall.
pub fn frame(session: &Session<'_>, cols: usize, rows: usize) -> Vec<String> {
    let (lesson, step) = session.step();
    let mut lines = Vec::new();
    if let Some(banner) = &session.banner {
        // It may hold several lines (notes from the start, then a warning).
        lines.extend(banner.lines().map(String::from));
        lines.push(String::new());
    }
    lines.extend(heading(session));
    lines.push(String::new());

    let footer = [
        String::new(),
        progress::of(session.course, &session.state),
        keys_line(session),
    ];
    let room = rows
        .saturating_sub(lines.len() + footer.len())
        .clamp(3, MAX_DETAIL_LINES);

    let body = match session.view {
        View::List => step_list(session.course, &session.state, Some(&step.id)),
        // The hint, and below it what the last check said: the learner reads one
        // against the other.
        View::Hint => format!(
            "Hint:\n{}\n\n{}",
            step.hint.trim_end(),
            result_text(session)
        ),
        View::Result => result_text(session),
    };
    let wrapped = wrap(&body, cols.max(20));
    lines.extend(
        course::trim::cap(&wrapped, room, &see_all(lesson, step))
            .lines()
            .map(str::to_string),
    );
    lines.extend(footer);
    lines
}

/// Lesson, step, the page to read and the file to edit.
fn heading(session: &Session<'_>) -> Vec<String> {
    let (lesson, step) = session.step();
    let in_lesson = lesson
        .steps
        .iter()
        .position(|s| s.id == step.id)
        .map_or(0, |i| i + 1);
    let mut lines = vec![
        format!(
            "Lesson {}: {} · step {in_lesson} of {}",
            lesson.lesson,
            lesson.title,
            lesson.steps.len()
        ),
        format!("{}: {}", step.id, step.title),
    ];
    lines.extend(book::reading(session.course, &session.state, lesson, step));
    lines.push(format!(
        "  edit  {}",
        shown(session.course, &session.course.starter_file(lesson, step))
    ));
    lines
}

/// The last check's headline and details, or what is happening instead.
fn result_text(session: &Session<'_>) -> String {
    let mut text = String::new();
    if session.checking {
        text.push_str(&checking_line(session));
        text.push('\n');
    }
    if let Some(index) = session.rechecking {
        let id = &session.steps[index].1.id;
        text.push_str(&format!("⧗ checking {id} again: you saved its file\n"));
    }
    match &session.last {
        Some(report) => {
            text.push_str(&report.headline());
            text.push('\n');
            if !report.passed() {
                for line in report.details.lines() {
                    text.push_str("  ");
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        None if !session.checking => text.push_str("not checked yet: press r\n"),
        None => {}
    }
    text
}

/// What a check under way is doing, with the seconds it has taken: the build's, then
/// the tests' against the timeout that stops them.
fn checking_line(session: &Session<'_>) -> String {
    if session.waiting_for_lock {
        return "⧗ checking… cargo is waiting for another cargo's build lock (your editor's \
                rust-analyzer checking on save?)"
            .to_string();
    }
    match running_seconds(session) {
        Some(Running::Building(secs)) => {
            format!("⧗ checking… building the step ({secs} s)")
        }
        Some(Running::Testing(secs)) => format!(
            "⧗ checking… running the step's tests: {secs} s of {} s (then stopped as a \
             likely deadlock or blocking call)",
            session.timeout.as_secs()
        ),
        None => "⧗ checking… (building, then running the step's tests)".to_string(),
    }
}

/// Where a check of the open step stands, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Running {
    Building(u64),
    Testing(u64),
}

/// The phase and seconds of the open step's check, if one runs.
pub fn running_seconds(session: &Session<'_>) -> Option<Running> {
    if !session.checking {
        return None;
    }
    match (session.tests_started, session.check_started) {
        (Some(tests), _) => Some(Running::Testing(tests.elapsed().as_secs())),
        (None, Some(check)) => Some(Running::Building(check.elapsed().as_secs())),
        (None, None) => None,
    }
}

fn keys_line(session: &Session<'_>) -> String {
    let how = if session.watching {
        "re-checks when you save"
    } else {
        "press r to re-check"
    };
    format!("h hint · l list · n next · r re-run · q quit   ({how})")
}

/// Breaks lines longer than `cols` characters (at a space where there is one, keeping
/// the line's indent), so that counting lines counts rows.
fn wrap(text: &str, cols: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        // Continuation rows are indented two more, unless that leaves too little room.
        let pad = if indent + 2 < cols / 2 { indent + 2 } else { 0 };
        let mut row: Vec<char> = line.chars().collect();
        while row.len() > cols {
            // Break at the last space that leaves more than the padding on this row (so
            // every pass shortens what is left), else break hard at the edge.
            let cut = row[..=cols]
                .iter()
                .rposition(|&c| c == ' ')
                .filter(|&at| at > pad && !row[..at].iter().all(|&c| c == ' '))
                .unwrap_or(cols);
            out.extend(&row[..cut]);
            out.push('\n');
            let tail = row[cut..].iter().copied().skip_while(|&c| c == ' ');
            row = std::iter::repeat_n(' ', pad).chain(tail).collect();
        }
        out.extend(&row);
        out.push('\n');
    }
    out
}

/// Raw mode, hidden cursor; both undone on drop and on panic.
struct RawMode;

impl RawMode {
    fn enter() -> io::Result<Self> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore_terminal();
                previous(info);
            }));
        });
        terminal::enable_raw_mode()?;
        execute!(io::stdout(), Hide)?;
        Ok(Self)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(io::stdout(), Show);
}

/// Line mode: what has been printed, so each change is printed once.
#[derive(Default)]
struct Printed {
    banner: Option<String>,
    step: Option<usize>,
    checking: bool,
    waiting_for_lock: bool,
    /// The checks whose headline is printed, and the details printed last.
    checks: u64,
    details: Option<String>,
    view_requests: u64,
    rechecking: Option<usize>,
    outside_changes: u64,
}

impl Printed {
    fn update(&mut self, session: &Session<'_>) -> io::Result<()> {
        let mut out = io::stdout().lock();
        if session.banner != self.banner {
            if let Some(banner) = &session.banner {
                writeln!(out, "{banner}")?;
            }
            self.banner = session.banner.clone();
        }
        let (lesson, step) = session.step();
        if self.step != Some(session.current) {
            self.step = Some(session.current);
            self.details = None;
            writeln!(out)?;
            for line in heading(session) {
                writeln!(out, "{line}")?;
            }
        }
        if session.checking && !self.checking {
            writeln!(out, "checking {}…", step.id)?;
        }
        if session.waiting_for_lock && !self.waiting_for_lock {
            writeln!(out, "{}", checking_line(session))?;
        }
        if let Some(index) = session.rechecking
            && session.rechecking != self.rechecking
        {
            let id = &session.steps[index].1.id;
            writeln!(out, "checking {id} again: its file was saved")?;
        }
        self.rechecking = session.rechecking;
        if session.outside_changes != self.outside_changes {
            self.outside_changes = session.outside_changes;
            writeln!(
                out,
                "progress changed on disk (another runner?): {}",
                progress::of(session.course, &session.state)
            )?;
        }
        self.checking = session.checking;
        self.waiting_for_lock = session.waiting_for_lock;
        // Every check's headline, so a re-check visibly happened; the details only when
        // they changed.
        if session.checks != self.checks {
            self.checks = session.checks;
            if let Some(report) = &session.last {
                writeln!(out, "{}", report.headline())?;
                if !report.passed() && self.details.as_ref() != Some(&report.details) {
                    let capped = course::trim::cap(
                        &report.details,
                        MAX_DETAIL_LINES,
                        &see_all(lesson, step),
                    );
                    for line in capped.lines() {
                        writeln!(out, "    {line}")?;
                    }
                }
                self.details = Some(report.details.clone());
            }
        }
        if self.view_requests != session.view_requests {
            self.view_requests = session.view_requests;
            match session.view {
                View::Hint => writeln!(out, "\nHint for {}:\n{}", step.id, step.hint.trim_end())?,
                View::List => writeln!(
                    out,
                    "\n{}{}",
                    step_list(session.course, &session.state, Some(&step.id)),
                    progress::of(session.course, &session.state)
                )?,
                View::Result => {}
            }
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use course::check::{Report, Verdict};
    use course::meta::Course;
    use course::state::State;
    use course::trim::Tally;

    use super::*;

    /// The demo lesson of the runner's tests, in a workspace of its own.
    fn demo() -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        let lesson = dir.path().join("exercises/07-demo");
        std::fs::create_dir_all(&lesson).unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").unwrap();
        std::fs::write(
            lesson.join("course.toml"),
            include_str!("../../../../tests/fixtures/demo-lesson.toml"),
        )
        .unwrap();
        let course = Course::load(dir.path()).unwrap();
        (dir, course)
    }

    fn session(course: &Course) -> Session<'_> {
        Session {
            course,
            steps: course.steps().collect(),
            current: 0,
            state: State::default(),
            last: None,
            checks: 0,
            checking: false,
            check_started: None,
            tests_started: None,
            timeout: Duration::from_secs(15),
            waiting_for_lock: false,
            rechecking: None,
            outside_changes: 0,
            view: View::Result,
            view_requests: 0,
            banner: None,
            watching: true,
        }
    }

    #[test]
    fn a_running_check_shows_its_seconds_against_the_timeout() {
        let (_dir, course) = demo();
        let mut session = session(&course);
        let ago = |secs| {
            Instant::now()
                .checked_sub(Duration::from_secs(secs))
                .unwrap()
        };
        session.checking = true;
        session.check_started = Some(ago(7));
        assert_eq!(running_seconds(&session), Some(Running::Building(7)));
        assert!(checking_line(&session).contains("building the step (7 s)"));

        session.tests_started = Some(ago(3));
        assert_eq!(running_seconds(&session), Some(Running::Testing(3)));
        let line = checking_line(&session);
        assert!(line.contains("3 s of 15 s"), "{line}");
        let frame = frame(&session, 200, 40).join("\n");
        assert!(frame.contains("3 s of 15 s"), "{frame}");

        session.checking = false;
        assert_eq!(running_seconds(&session), None);
    }

    #[test]
    fn the_hint_keeps_the_failure_in_view() {
        let (_dir, course) = demo();
        let mut session = session(&course);
        session.last = Some(Report {
            step: "07-first".into(),
            verdict: Verdict::Failed(Tally::of(
                "test it_works ... FAILED\n\ntest result: FAILED. 0 passed; 1 failed",
            )),
            details: "✗ it_works\n    the sum must be 42, got 41".into(),
            build_time: Duration::ZERO,
            run_time: Duration::ZERO,
        });
        session.view = View::Hint;
        let frame = frame(&session, 100, 40).join("\n");
        let hint = frame.find("try harder").expect(&frame);
        let failure = frame.find("the sum must be 42, got 41").expect(&frame);
        assert!(hint < failure, "{frame}");
        assert!(frame.contains("✗ 07-first:"), "{frame}");
    }

    #[test]
    fn long_lines_wrap_at_spaces_and_keep_their_indent() {
        let wrapped = wrap("    the heartbeat ticked 0 times during a wait", 20);
        assert_eq!(
            wrapped,
            "    the heartbeat\n      ticked 0 times\n      during a wait\n"
        );
        assert!(wrapped.lines().all(|l| l.chars().count() <= 20));
        // No space to break at: a hard break.
        assert_eq!(wrap("abcdefghij", 4), "abcd\nefgh\nij\n");
        assert_eq!(wrap("short\n\nlines", 10), "short\n\nlines\n");
        // A space right after the indent must not stall the loop.
        assert_eq!(wrap("a bbbbbbbbbbbb", 10), "a bbbbbbbb\n  bbbb\n");
        assert_eq!(wrap("      x", 3), "   \nx\n");
    }
}
