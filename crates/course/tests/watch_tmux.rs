//! The watch screen in a real terminal: tmux runs the runner in a pane, the test types
//! keys with `send-keys` and reads the screen with `capture-pane`.
//!
//! It checks what only a terminal shows: single keys without Enter (raw mode), the
//! redrawn frame, the move to the next step after a save, and that the terminal is back
//! to normal (canonical mode, echo) after `q` and after Ctrl-C.
//!
//! Needs tmux. Where tmux is missing this test says so on stderr and checks nothing;
//! `crates/course/tests/tmux_watch.sh` runs it by hand and prints every screen.

#[path = "support/scratch.rs"]
mod scratch;

use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use scratch::{FIRST_BUILD, STEP, Scratch};

#[test]
fn the_watch_screen_answers_keys_moves_on_and_restores_the_terminal() {
    if !tmux_available() {
        eprintln!(
            "NOT RUN: tmux is not installed, so the terminal test of `course watch` did not \
             run (install tmux, then run crates/course/tests/tmux_watch.sh)"
        );
        return;
    }
    let scratch = Scratch::lesson_01();
    let pane = Pane::start("keys", &scratch);

    pane.wait_for("✗ 01-countasync: 4 of 4 tests fail", FIRST_BUILD);
    pane.wait_for("edit  exercises/01-sync-async/src/s1_countasync.rs", STEP);
    pane.wait_for("h hint · l list · n next · r re-run · q quit", STEP);
    pane.show("the first step, as opened");

    // Single keys, no Enter: raw mode works.
    pane.keys(&["h"]);
    pane.wait_for("Hint:", STEP);
    pane.wait_for("join_all", STEP);
    pane.show("after h");
    pane.keys(&["l"]);
    pane.wait_for("▶ ✗ 01-countasync", STEP);
    pane.show("after l");
    pane.keys(&["l"]);
    pane.wait_for("✗ 01-countasync: 4 of 4 tests fail", STEP);

    scratch.solve("src/s1_countasync.rs");
    pane.wait_for("✓ 01-countasync passes! On to the next step", STEP);
    pane.wait_for("✗ 01-join: 2 of 2 tests fail", STEP);
    pane.wait_for("1/5 steps pass", STEP);
    pane.show("after saving the solution of step 1");

    pane.keys(&["n"]);
    pane.wait_for("01-blocking-sleep: Find the blocking call", STEP);
    pane.wait_for("✗ 01-blocking-sleep: 2 of 2 tests fail", STEP);

    pane.keys(&["q"]);
    pane.wait_for("progress saved: 1 of 5 steps pass", STEP);
    pane.wait_for("runner exited with 0", STEP);
    pane.wait_for("terminal restored: icanon echo", STEP);
    pane.show("after q");

    // Ctrl-C in raw mode is a key, not a signal: it must quit the same clean way.
    let pane = Pane::start("ctrl-c", &scratch);
    pane.wait_for("01-join: Wait for two different things at once", STEP);
    pane.wait_for("✗ 01-join: 2 of 2 tests fail", STEP);
    pane.keys(&["C-c"]);
    pane.wait_for("runner exited with 0", STEP);
    pane.wait_for("terminal restored: icanon echo", STEP);
    pane.show("after Ctrl-C");
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// A detached tmux session running the runner; killed on drop.
struct Pane {
    session: String,
}

impl Pane {
    fn start(name: &str, scratch: &Scratch) -> Self {
        let session = format!("course-test-{}-{name}", std::process::id());
        // After the runner: its exit code, then the terminal's modes (raw mode would
        // show `-icanon -echo`), then a pause so the pane stays readable.
        let script = format!(
            "{}; echo \"runner exited with $?\"; \
             stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' ' \
             | sed 's/^/terminal restored: /'; echo; sleep 600",
            scratch.course_shell("")
        );
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &session, "-x", "100", "-y", "34"])
            .args(["sh", "-c", &script])
            .status()
            .expect("tmux starts");
        assert!(status.success(), "tmux new-session failed");
        Self { session }
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn capture(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until it shows `text`; fails with the screen after `limit`.
    fn wait_for(&self, text: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            let screen = self.capture();
            if screen.contains(text) {
                return;
            }
            if Instant::now() > deadline {
                panic!("the screen never showed {text:?}; it shows:\n{screen}");
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Prints the screen (seen with `--nocapture`).
    fn show(&self, moment: &str) {
        let screen = self.capture();
        println!("---- screen {moment} ----\n{}\n", screen.trim_end());
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}
