//! Keys: single key presses in a terminal, or lines of standard input without one.

use std::io::{self, BufRead};
use std::sync::mpsc::Sender;
use std::thread;

use crossterm::event::{self, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Event;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Hint,
    List,
    Next,
    Rerun,
    Quit,
    /// The terminal changed size: draw again.
    Redraw,
    Other,
}

impl Key {
    /// The meaning of a typed character (the first of a line, in line mode).
    pub fn of_char(c: char) -> Self {
        match c.to_ascii_lowercase() {
            'h' => Key::Hint,
            'l' => Key::List,
            'n' => Key::Next,
            'r' => Key::Rerun,
            'q' => Key::Quit,
            _ => Key::Other,
        }
    }

    /// A line of standard input: an empty line re-runs, like Enter in a terminal.
    pub fn of_line(line: &str) -> Self {
        line.trim().chars().next().map_or(Key::Rerun, Key::of_char)
    }

    fn of_event(key: KeyEvent) -> Self {
        // Raw mode turns Ctrl-C into a key press instead of a signal: it must still quit.
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c' | 'd') if ctrl => Key::Quit,
            KeyCode::Char(c) => Key::of_char(c),
            KeyCode::Enter => Key::Rerun,
            _ => Key::Other,
        }
    }
}

/// Reads key presses from the terminal (which must be in raw mode) on a thread.
pub fn spawn_keys(tx: Sender<Event>) {
    thread::spawn(move || {
        loop {
            let key = match event::read() {
                // Windows reports releases too; act on presses only.
                Ok(event::Event::Key(key)) if key.kind != KeyEventKind::Release => {
                    Key::of_event(key)
                }
                Ok(event::Event::Resize(..)) => Key::Redraw,
                Ok(_) => continue,
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            };
            if tx.send(Event::Key(key)).is_err() {
                return;
            }
        }
    });
}

/// Reads lines of standard input on a thread; its end is [`Event::InputClosed`].
pub fn spawn_lines(tx: Sender<Event>) {
    thread::spawn(move || {
        for line in io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(Event::Key(Key::of_line(&line))).is_err() {
                return;
            }
        }
        let _ = tx.send(Event::InputClosed);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_lines_mean_the_same() {
        assert_eq!(Key::of_line("h"), Key::Hint);
        assert_eq!(Key::of_line(" L \n"), Key::List);
        assert_eq!(Key::of_line(""), Key::Rerun);
        assert_eq!(Key::of_line("quit"), Key::Quit);
        assert_eq!(Key::of_line("x"), Key::Other);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(Key::of_event(ctrl_c), Key::Quit);
        let c = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(Key::of_event(c), Key::Next);
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(Key::of_event(enter), Key::Rerun);
    }
}
