//! The progress bar, drawn by indicatif into a string.
//!
//! indicatif normally draws to a terminal and hides itself when there is none (a pipe,
//! CI). The course wants the same bar everywhere, in `course list` and inside the watch
//! screen, so it hands indicatif a pretend terminal ([`Capture`]) and keeps what is
//! drawn.

use std::io;
use std::sync::{Arc, Mutex};

use course::meta::Course;
use course::state::State;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// The course's progress bar: how many of its steps pass, 30 cells wide.
pub fn of(course: &Course, state: &State) -> String {
    bar(state.passed_count(course), course.steps().count(), 30)
}

/// `[██████░░░░░░░░░░░░░░░░░░] 1/5 steps pass`, `width` cells of bar.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let capture = Capture::default();
    let drawn = Arc::clone(&capture.text);
    let bar = ProgressBar::with_draw_target(
        Some(total as u64),
        ProgressDrawTarget::term_like(Box::new(capture)),
    );
    // The template is a constant that indicatif parses; it cannot fail at run time.
    let style =
        ProgressStyle::with_template(&format!("[{{bar:{width}}}] {{pos}}/{{len}} steps pass"))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█░░");
    bar.set_style(style);
    bar.set_position(done as u64);
    // `abandon` draws the bar one last time, as it stands, and leaves it.
    bar.abandon();
    let text = drawn.lock().unwrap_or_else(|e| e.into_inner()).clone();
    text.trim_end().to_string()
}

/// A terminal that remembers the last line drawn on it.
#[derive(Debug, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
}

impl Capture {
    fn keep(&self, s: &str) {
        if !s.trim().is_empty() {
            *self.text.lock().unwrap_or_else(|e| e.into_inner()) = s.to_string();
        }
    }
}

impl TermLike for Capture {
    fn width(&self) -> u16 {
        200
    }

    fn move_cursor_up(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.keep(s);
        Ok(())
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.keep(s);
        Ok(())
    }

    fn clear_line(&self) -> io::Result<()> {
        Ok(())
    }

    fn flush(&self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_the_share_done() {
        let drawn = bar(1, 4, 8);
        assert_eq!(drawn, "[██░░░░░░] 1/4 steps pass");
        assert_eq!(bar(0, 2, 4), "[░░░░] 0/2 steps pass");
        assert_eq!(bar(2, 2, 4), "[████] 2/2 steps pass");
    }
}
