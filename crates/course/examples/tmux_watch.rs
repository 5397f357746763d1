//! The watch screen in a real terminal: tmux runs `course watch` in a pane over a
//! scratch copy of lesson 01, this program types keys with `send-keys` and reads the
//! screen with `capture-pane`, and prints each screen it checked.
//!
//! It checks what only a terminal shows: single keys without Enter (raw mode), the
//! redrawn frame, the move to the next step after a save, and that the terminal is back
//! to normal (canonical mode, echo) after `q` and after Ctrl-C.
//!
//! Run it with `crates/course/tests/tmux_watch.sh`, which builds it and the runner,
//! and removes the tmux server and the scratch folders even if this is killed. It is a
//! checked program, not a `cargo test`: it needs tmux, and a test that cannot run where
//! tmux is missing would have to pass without checking anything. Here a missing tmux,
//! like any screen that does not show what it should, is a failure (exit code 101).
//!
//! Usage: `tmux_watch [SOCKET]`, where SOCKET is the path of a private tmux server's
//! socket (`tmux -S`); one in the temporary folder otherwise. The server is killed at
//! the end either way.

#[path = "../tests/support/scratch.rs"]
mod scratch;

use std::path::PathBuf;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use scratch::{BUDGET, Headline, STEP, Scratch, all_fail, bounded};

fn main() {
    let socket = std::env::args_os().nth(1).map_or_else(
        || std::env::temp_dir().join(format!("course-watch-{}.sock", std::process::id())),
        PathBuf::from,
    );
    let version = Command::new("tmux").arg("-V").output();
    assert!(
        version.is_ok_and(|out| out.status.success()),
        "tmux is not installed (or does not start): this check needs it"
    );
    let tmux = Tmux { socket };
    let scratch = Scratch::lesson_01(course_binary());

    let pane = tmux.start("keys", &scratch);
    pane.wait_for_line(&all_fail("01-countasync"), STEP);
    pane.wait_for("edit  exercises/01-sync-async/src/s1_countasync.rs", STEP);
    // A new lesson: the chapter from its start first, then the step's section.
    pane.wait_for("(a new lesson: the chapter from its start)", STEP);
    pane.wait_for("then  book/src/01-sync-async.md#step-1-", STEP);
    pane.wait_for("h hint · l list · n next · r re-run · q quit", STEP);
    pane.show("the first step, as opened");

    // Single keys, no Enter: raw mode works.
    pane.keys(&["h"]);
    pane.wait_for("Hint:", STEP);
    pane.wait_for(&scratch.hint_start("01-countasync"), STEP);
    // The failure stays in view below the hint.
    pane.wait_for("not yet implemented: run the counts concurrently", STEP);
    pane.show("after h");
    pane.keys(&["l"]);
    pane.wait_for("▶ ✗ 01-countasync", STEP);
    pane.show("after l");
    pane.keys(&["l"]);
    pane.wait_for_line(&all_fail("01-countasync"), STEP);

    scratch.solve("src/s1_countasync.rs");
    pane.wait_for("✓ 01-countasync passes! On to the next step", STEP);
    pane.wait_for_line(&all_fail("01-join"), STEP);
    let steps = scratch.step_count();
    pane.wait_for(&format!("1/{steps} steps pass"), STEP);
    pane.show("after saving the solution of step 1");

    pane.keys(&["n"]);
    pane.wait_for(&scratch.heading(2), STEP);
    pane.wait_for_line(&all_fail("01-blocking-sleep"), STEP);
    pane.show("after n");

    pane.keys(&["q"]);
    pane.wait_for(&format!("progress saved: 1 of {steps} steps pass"), STEP);
    pane.wait_for("runner exited with 0", STEP);
    pane.wait_for("terminal restored: icanon echo", STEP);
    pane.show("after q");

    // Ctrl-C in raw mode is a key, not a signal: it must quit the same clean way.
    let pane = tmux.start("ctrl-c", &scratch);
    pane.wait_for(&scratch.heading(1), STEP);
    pane.wait_for_line(&all_fail("01-join"), STEP);
    pane.keys(&["C-c"]);
    pane.wait_for("runner exited with 0", STEP);
    pane.wait_for("terminal restored: icanon echo", STEP);
    pane.show("after Ctrl-C");

    println!("tmux_watch: every check passed");
}

/// The runner, built beside this example: `target/debug/examples/tmux_watch` →
/// `target/debug/course`.
fn course_binary() -> PathBuf {
    let me = std::env::current_exe().expect("the example knows its own path");
    let bin = me
        .parent()
        .and_then(|examples| examples.parent())
        .map(|profile| profile.join("course"))
        .expect("the example sits in target/<profile>/examples");
    assert!(
        bin.is_file(),
        "{} is missing: build it first (`cargo build -p course --bin course`)",
        bin.display()
    );
    bin
}

/// A private tmux server (`tmux -S SOCKET`), killed on drop with every session in it.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        // No user configuration (its key bindings or status line would change the
        // screen), and no confusion with a tmux session this may be running inside.
        cmd.arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .env_remove("TMUX");
        cmd
    }

    /// A detached session running the runner in `scratch`.
    fn start(&self, name: &str, scratch: &Scratch) -> Pane<'_> {
        // After the runner: its exit code, then the terminal's modes (raw mode would
        // show `-icanon -echo`), then a pause so the pane stays readable.
        let script = format!(
            "{}; echo \"runner exited with $?\"; \
             stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' ' \
             | sed 's/^/terminal restored: /'; echo; sleep 600",
            scratch.course_shell("")
        );
        let status = self
            .command()
            .args(["new-session", "-d", "-s", name, "-x", "100", "-y", "34"])
            .args(["sh", "-c", &script])
            .status()
            .expect("tmux starts");
        assert!(status.success(), "tmux new-session failed");
        Pane {
            tmux: self,
            session: name.to_string(),
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
        // tmux leaves its socket file behind.
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// One session's pane; its session is killed on drop.
struct Pane<'t> {
    tmux: &'t Tmux,
    session: String,
}

impl Pane<'_> {
    fn keys(&self, keys: &[&str]) {
        let status = self
            .tmux
            .command()
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux send-keys {keys:?} failed");
    }

    fn capture(&self) -> String {
        let out = self
            .tmux
            .command()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux runs");
        assert!(out.status.success(), "tmux capture-pane failed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until it shows `text`; fails with the screen after `limit`.
    fn wait_for(&self, text: &str, limit: Duration) {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text), limit);
    }

    /// Polls the screen until one of its lines is `headline`.
    fn wait_for_line(&self, headline: &Headline, limit: Duration) {
        self.wait_until(
            &headline.to_string(),
            |screen| screen.lines().any(|line| headline.matches(line)),
            limit,
        );
    }

    /// Polls the screen until `shows` holds; fails with the screen after `limit`.
    fn wait_until(&self, what: &str, shows: impl Fn(&str) -> bool, limit: Duration) {
        let limit = bounded(limit);
        let deadline = Instant::now() + limit;
        loop {
            let screen = self.capture();
            if shows(&screen) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "the screen never showed {what} within {limit:?} (all waits: at most \
                     {BUDGET:?}); it shows:\n{screen}"
                );
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    fn show(&self, moment: &str) {
        let screen = self.capture();
        println!("---- screen {moment} ----\n{}\n", screen.trim_end());
    }
}

impl Drop for Pane<'_> {
    fn drop(&mut self) {
        let _ = self
            .tmux
            .command()
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}
