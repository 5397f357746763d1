//! Presenter mode (`--present`): every lesson demo, paced for a room.
//!
//! An instructor giving the talk runs a demo with `--present`. Then, before each part,
//! the screen clears and shows the part's number in letters five rows tall (readable from
//! the back of a room), its title in bold, and what to watch for; the part runs only when
//! Enter is pressed, so the speaker talks first and the audience watches the run. Tables
//! and timelines come out line by line at a reading pace, as each part finishes, and
//! stay on the screen until Enter moves on to the next part (`▸ Enter: on to part N`):
//! the next banner's clear would otherwise wipe them before the room has read them.
//!
//! Without `--present` every function here does nothing and [`part`] returns `false`, so
//! a lesson prints its own headers as usual.
//!
//! ```no_run
//! // In a lesson's main, after parsing its flags (which flatten `PresentArgs`):
//! # let args = kit::present::PresentArgs { present: false };
//! kit::present::init(&args);
//! // Before each part:
//! if !kit::present::part("2. Concurrently, on one thread", "the counts overlap") {
//!     println!("── 2. Concurrently, on one thread ──");
//! }
//! // A timeline or a table, when the part has finished:
//! kit::present::show("A ██████\nB ██████\n");
//! kit::present::end();
//! ```
//!
//! Enter is read from standard input as a line: in a terminal, the key itself; from a
//! pipe (`yes '' | lesson-01 --present`), one line per part. At the end of the input the
//! demo carries on without pausing, so a closed input never hangs it. `q` then Enter
//! stops the demo after the current part.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// The flag every lesson demo flattens into its command line.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PresentArgs {
    /// Presenter mode for giving the talk: pause before each part until Enter, large part
    /// numbers, output paced for reading
    #[arg(long, global = true)]
    pub present: bool,
}

/// The pause between two lines of a table or timeline in presenter mode: fast enough not
/// to drag, slow enough that a room sees rows arrive one by one.
/// `PRESENT_PACE_MS` in the environment sets another (0 for none; a rehearsal or a test
/// may want it faster, a large room slower).
pub const LINE_PACE: Duration = Duration::from_millis(40);

/// The pace: `PRESENT_PACE_MS` when it is a number of milliseconds, else [`LINE_PACE`].
fn line_pace() -> Duration {
    std::env::var("PRESENT_PACE_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(LINE_PACE, Duration::from_millis)
}

struct Presenter {
    input: Box<dyn BufRead + Send>,
    output: Box<dyn Write + Send>,
    /// Clear the screen and use bold: only when the output is a terminal.
    terminal: bool,
    /// The input has ended: no more pauses.
    input_done: bool,
    parts: usize,
    pace: Duration,
}

static PRESENTER: OnceLock<Mutex<Presenter>> = OnceLock::new();

/// Turns presenter mode on when `--present` was given. Call once, after parsing.
pub fn init(args: &PresentArgs) {
    if args.present {
        let terminal = io::stdout().is_terminal();
        install(Presenter {
            input: Box::new(io::BufReader::new(io::stdin())),
            output: Box::new(io::stdout()),
            terminal,
            input_done: false,
            parts: 0,
            pace: line_pace(),
        });
    }
}

fn install(presenter: Presenter) {
    // A second call keeps the first presenter: the mode is set once per process.
    let _ = PRESENTER.set(Mutex::new(presenter));
}

/// True when the demo runs with `--present`.
pub fn is_on() -> bool {
    PRESENTER.get().is_some()
}

fn with<T>(f: impl FnOnce(&mut Presenter) -> T) -> Option<T> {
    let presenter = PRESENTER.get()?;
    // A panic elsewhere while printing must not silence the rest of the talk.
    let mut guard = presenter
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Some(f(&mut guard))
}

/// Starts a part. In presenter mode: clears the screen, shows the part's number large,
/// `title` in bold and `notice` (what to watch for), then waits for Enter; returns `true`
/// (the header is shown, the lesson need not print its own). Otherwise returns `false`.
pub fn part(title: &str, notice: &str) -> bool {
    with(|p| p.part(title, notice)).is_some()
}

/// Prints a block (a timeline, a table). In presenter mode, line by line at a reading
/// pace; otherwise all at once, exactly as `print!`.
pub fn show(text: &str) {
    if with(|p| p.show(text)).is_none() {
        print!("{text}");
    }
}

/// Ends the demo: in presenter mode, a closing line with the number of parts shown.
pub fn end() {
    with(Presenter::end);
}

impl Presenter {
    fn part(&mut self, title: &str, notice: &str) {
        // The clear below would wipe the part that just ended before the room has read
        // it: in a terminal, its output stays until Enter moves on. (Piped output is
        // never cleared, so it needs no such pause.)
        if self.terminal && self.parts > 0 && !self.input_done {
            self.write(&format!(
                "\n▸ Enter: on to part {} (q, Enter: stop)\n",
                self.parts + 1
            ));
            wait_for_enter(self, self.parts + 1);
        }
        self.parts += 1;
        let banner = big_text(&format!("PART {}", self.parts));
        let (bold, plain) = if self.terminal {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("", "")
        };
        let mut screen = String::new();
        if self.terminal {
            // Clear the screen and move the cursor home: each part starts on a clean page.
            screen.push_str("\x1b[2J\x1b[H");
        }
        screen.push('\n');
        screen.push_str(&banner);
        screen.push('\n');
        screen.push_str(&format!("{bold}{title}{plain}\n\n"));
        if !notice.is_empty() {
            screen.push_str(&format!("Watch for: {notice}\n\n"));
        }
        if !self.input_done {
            screen.push_str("▸ press Enter to run this part (q, Enter: stop)\n");
        }
        self.write(&screen);
        wait_for_enter(self, self.parts);
    }

    fn show(&mut self, text: &str) {
        for line in text.split_inclusive('\n') {
            self.write(line);
            std::thread::sleep(self.pace);
        }
    }

    fn end(&mut self) {
        let parts = match self.parts {
            1 => "1 part".to_string(),
            n => format!("{n} parts"),
        };
        self.write(&format!("\n■ end of the demo: {parts} shown\n"));
    }

    fn write(&mut self, text: &str) {
        // A closed output (the audience's terminal gone) is not worth a panic mid-talk.
        let _ = self.output.write_all(text.as_bytes());
        let _ = self.output.flush();
    }
}

/// Waits for one line of input: Enter goes on, `q` stops the demo before `before_part`.
fn wait_for_enter(p: &mut Presenter, before_part: usize) {
    if p.input_done {
        return;
    }
    let mut line = String::new();
    match p.input.read_line(&mut line) {
        // The end of the input (a pipe that closed, Ctrl-D): carry on without pauses.
        Ok(0) | Err(_) => p.input_done = true,
        Ok(_) if line.trim().eq_ignore_ascii_case("q") => {
            // Asked at a part's own prompt (counted already) or before moving on to it.
            p.write(&format!("stopped before part {before_part} (q)\n"));
            std::process::exit(0);
        }
        Ok(_) => {}
    }
}

/// For the demos' tests: runs `binary --present ARGS` with `input` on its standard
/// input (`None`: an input closed from the start) under an outer limit, so that a pause
/// waiting for an Enter that cannot come fails the test with a message instead of
/// hanging it. Returns the output and its stdout as text.
///
/// Panics (the test fails) when the demo cannot start or outlives `limit`; the demo is
/// killed first.
pub fn run_presented(
    binary: &str,
    args: &[&str],
    input: Option<&str>,
    limit: Duration,
) -> (std::process::Output, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::Instant;

    let name = std::path::Path::new(binary)
        .file_name()
        .map_or_else(|| binary.to_string(), |n| n.to_string_lossy().into_owned());
    let mut child = Command::new(binary)
        .arg("--present")
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {binary}: {err}"));
    if let Some(input) = input {
        // Dropped at the end of this block, which closes the pipe: after these lines the
        // demo sees the end of its input. A demo stopped by `q` may not read them all, so
        // a broken pipe here is not a failure.
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let _ = stdin.write_all(input.as_bytes());
    }
    // Read both outputs on threads, so that a full pipe never stalls the demo.
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = read(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = read(Box::new(child.stderr.take().expect("stderr is piped")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the demo can be waited for") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{name} --present {args:?} did not end within {limit:?}: a pause is waiting \
                 for an Enter that cannot come (the end of the input must end the pauses)"
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = std::process::Output {
        status,
        stdout: stdout.join().expect("the reader thread ends"),
        stderr: stderr.join().expect("the reader thread ends"),
    };
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, text)
}

/// For the demos' tests: cuts a presented demo's output into its parts' screens, part
/// i's screen running from its title to part i + 1's title (the last one to the end).
/// Each title is looked for after the previous one, followed by `after` (`""`, or
/// `"\n\nWatch for: "` to find the title only where its screen shows it); a title that
/// is missing, or out of order, fails the test with the whole output.
pub fn screens<'a>(text: &'a str, titles: &[&str], after: &str) -> Vec<&'a str> {
    let mut at = Vec::new();
    for title in titles {
        let from = at.last().copied().unwrap_or(0);
        let found = text[from..]
            .find(&format!("{title}{after}"))
            .unwrap_or_else(|| panic!("no part titled {title:?} (in order) in:\n{text}"));
        at.push(from + found);
    }
    at.push(text.len());
    at.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// Rows of each glyph; every glyph is four columns wide.
const GLYPH_ROWS: usize = 5;

/// A five-row font for part numbers and short words: `#` is a filled cell.
fn glyph(c: char) -> [&'static str; GLYPH_ROWS] {
    match c.to_ascii_uppercase() {
        '0' => ["####", "#  #", "#  #", "#  #", "####"],
        '1' => ["  # ", " ## ", "  # ", "  # ", " ###"],
        '2' => ["####", "   #", "####", "#   ", "####"],
        '3' => ["####", "   #", " ###", "   #", "####"],
        '4' => ["#  #", "#  #", "####", "   #", "   #"],
        '5' => ["####", "#   ", "####", "   #", "####"],
        '6' => ["####", "#   ", "####", "#  #", "####"],
        '7' => ["####", "   #", "  # ", " #  ", " #  "],
        '8' => ["####", "#  #", "####", "#  #", "####"],
        '9' => ["####", "#  #", "####", "   #", "####"],
        'A' => [" ## ", "#  #", "####", "#  #", "#  #"],
        'E' => ["####", "#   ", "### ", "#   ", "####"],
        'N' => ["#  #", "## #", "# ##", "#  #", "#  #"],
        'D' => ["### ", "#  #", "#  #", "#  #", "### "],
        'P' => ["### ", "#  #", "### ", "#   ", "#   "],
        'R' => ["### ", "#  #", "### ", "# # ", "#  #"],
        'T' => ["####", " ## ", " ## ", " ## ", " ## "],
        ' ' => ["    ", "    ", "    ", "    ", "    "],
        // Anything else: a small block, so an unknown character is visible, not lost.
        _ => ["    ", " ## ", " ## ", " ## ", "    "],
    }
}

/// `text` in letters five rows tall (█), one column of space between letters.
pub fn big_text(text: &str) -> String {
    let mut out = String::new();
    for row in 0..GLYPH_ROWS {
        let line: Vec<String> = text
            .chars()
            .map(|c| glyph(c)[row].replace('#', "█"))
            .collect();
        out.push_str(line.join(" ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn every_glyph_has_the_same_size() {
        for c in "0123456789AENDPRT ?".chars() {
            for row in glyph(c) {
                assert_eq!(row.chars().count(), 4, "glyph {c:?}: {row:?}");
            }
        }
    }

    #[test]
    fn big_text_is_five_rows_of_blocks() {
        let text = big_text("PART 12");
        assert_eq!(text.lines().count(), GLYPH_ROWS);
        assert!(
            text.lines()
                .all(|l| l.chars().all(|c| c == '█' || c == ' '))
        );
        // "1" then "2" at the end of the first row: the narrow top of a 1, the bar of a 2.
        assert!(
            text.lines().next().unwrap().ends_with("  █  ████"),
            "{text}"
        );
    }

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn presenter(input: &'static str, out: &Shared) -> Presenter {
        Presenter {
            input: Box::new(io::Cursor::new(input)),
            output: Box::new(out.clone()),
            terminal: false,
            input_done: false,
            parts: 0,
            pace: Duration::ZERO,
        }
    }

    fn text(out: &Shared) -> String {
        String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
    }

    // The global is set once per process, so the tests drive a `Presenter` of their own,
    // which the public functions only forward to.
    #[test]
    fn a_part_shows_its_number_large_its_title_and_what_to_watch_then_waits() {
        let out = Shared::default();
        let mut p = presenter("\n", &out);
        p.part("2. Concurrently, on one thread", "the counts overlap");
        let screen = text(&out);
        assert!(
            screen.starts_with(&format!("\n{}", big_text("PART 1"))),
            "{screen}"
        );
        assert!(
            screen.contains("2. Concurrently, on one thread\n"),
            "{screen}"
        );
        assert!(screen.contains("Watch for: the counts overlap"), "{screen}");
        assert!(screen.contains("press Enter"), "{screen}");
        assert!(
            !screen.contains('\x1b'),
            "no escape codes when not a terminal: {screen:?}"
        );
        assert!(!p.input_done, "the Enter was read");
        p.part("3. Next", "");
        assert!(text(&out).contains(&big_text("PART 2")));
        assert!(p.input_done, "no second line: the end of input");
        p.part("4. Last", "");
        assert!(
            !text(&out).ends_with("(q, Enter: stop)\n"),
            "with the input gone, no prompt that nobody can answer"
        );
    }

    #[test]
    fn in_a_terminal_a_finished_part_stays_on_screen_until_enter() {
        let out = Shared::default();
        let mut p = presenter("\n\n\n", &out);
        p.terminal = true;
        p.part("one", "");
        p.show("A's timeline\n");
        p.part("two", "");
        let screen = text(&out);
        let timeline = screen.find("A's timeline").unwrap();
        let pause = screen
            .find("▸ Enter: on to part 2")
            .expect("a pause before the clear");
        let clear = screen.rfind("\x1b[2J").unwrap();
        assert!(
            timeline < pause && pause < clear,
            "part 1's output, then the pause, then the clear: {screen:?}"
        );
        assert!(
            !p.input_done,
            "three Enters: run part 1, move on, run part 2"
        );
    }

    #[test]
    fn piped_output_is_never_cleared_so_it_needs_no_pause_between_parts() {
        let out = Shared::default();
        let mut p = presenter("\n\n", &out);
        p.part("one", "");
        p.part("two", "");
        assert!(!text(&out).contains("on to part"), "{}", text(&out));
        assert!(!p.input_done, "two Enters for two parts");
    }

    #[test]
    fn screens_run_from_each_title_to_the_next() {
        let text = "intro\nOne\n\nWatch for: a\nrow\nTwo\n\nWatch for: b\nend\n";
        let parts = screens(text, &["One", "Two"], "\n\nWatch for: ");
        assert_eq!(
            parts,
            ["One\n\nWatch for: a\nrow\n", "Two\n\nWatch for: b\nend\n"]
        );
    }

    #[test]
    #[should_panic(expected = "no part titled \"Two\" (in order)")]
    fn a_title_out_of_order_fails() {
        screens("Two\nOne\n", &["One", "Two"], "");
    }

    #[test]
    fn show_paces_line_by_line_and_end_counts_the_parts() {
        let out = Shared::default();
        let mut p = presenter("\n", &out);
        p.part("one", "");
        p.show("row A\nrow B\n");
        p.end();
        let screen = text(&out);
        assert!(screen.contains("row A\nrow B\n"), "{screen}");
        assert!(
            screen.ends_with("■ end of the demo: 1 part shown\n"),
            "{screen}"
        );
    }

    #[test]
    fn a_part_waits_for_one_line_then_the_next_part_for_the_next() {
        let out = Shared::default();
        let mut p = presenter("\n\n", &out);
        wait_for_enter(&mut p, 1);
        assert!(!p.input_done, "one line was there: no end of input yet");
        wait_for_enter(&mut p, 1);
        wait_for_enter(&mut p, 1);
        assert!(p.input_done, "the third pause found the input's end");
    }

    #[test]
    fn the_end_of_input_stops_the_pauses_instead_of_hanging() {
        let out = Shared::default();
        let mut p = presenter("", &out);
        wait_for_enter(&mut p, 1);
        assert!(p.input_done);
        // Once done, no read is attempted again.
        wait_for_enter(&mut p, 1);
        assert!(p.input_done);
    }
}
