//! The demo as a reader runs it: the story with tiny delays, and bad flags.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use kit::present::big_text;

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-01"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the demo with `--present` and `input` on its standard input (`None`: closed from
/// the start), under an outer limit of 60 s (see `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> (Output, String) {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-01"),
        args,
        input,
        Duration::from_secs(60),
    )
}

#[test]
fn the_story_tells_every_part_and_sums_up() {
    // 2 counts of 5 ms: the whole story takes a few tens of milliseconds.
    let out = demo(&["--counts", "2", "--delay-ms", "5"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "1. One after another",
        "2. Concurrently, on one thread",
        "3. The pitfall",
        "4. The fix",
        "5. tokio::join! with a heartbeat, then a deadline",
        "heartbeat: tick 3",
        "Summary (2 counts of 0.005 s)",
        "count 2: Two",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    // The deadline part runs on the real clock, where a loaded machine can deschedule the
    // runtime's thread past both the 2.5 ms deadline and the 5 ms counts; `timeout` then
    // finds the counts done first and lets them finish. So this end-to-end run accepts
    // either outcome; that the deadline cuts the counts is proven on the paused clock by
    // `deadline.rs`'s own tests, where no load can reorder the timers.
    let cut = "deadline passed: the counts were dropped mid-wait; none said Two";
    let finished = "the counts finished before the deadline";
    assert!(
        text.contains(cut) || text.contains(finished),
        "the deadline part tells neither outcome in:\n{text}"
    );
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--counts", "0"][..],
        &["--counts", "many"],
        &["--delay-ms", "-5"],
        &["--nope"],
        &["bench", "--runs", "0"],
        &["--counts", "5000"], // the sequential parts would take far too long
        &["--counts", "80"],   // each blocking part alone is fine, together they are not
        &["bench", "--svg", "/tmp/x"],
        &["bench", "--present"], // bench has no parts to pause before
        &[
            "bench",
            "--sizes",
            "3,4,5",
            "--runs",
            "100",
            "--delay-ms",
            "10000",
        ],
    ] {
        let out = demo(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err:?}");
    }
}

#[test]
fn help_lists_the_parts() {
    let out = demo(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "sync",
        "async",
        "blocking",
        "spawn-blocking",
        "bench",
        "--counts",
        "--delay-ms",
        "--present",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}

#[test]
fn a_closed_pipe_ends_the_demo_quietly() {
    use std::io::{BufRead, BufReader};

    // Like `lesson-01 async --counts 10000 | head -1`: read one line, then close the pipe.
    // 10 000 counts print far more than a pipe holds (about 64 KiB on Linux), so the demo
    // is still writing when the pipe closes, however the two processes are scheduled.
    let mut child = Command::new(env!("CARGO_BIN_EXE_lesson-01"))
        .args(["async", "--counts", "10000", "--delay-ms", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the demo binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut first)
        .expect("the demo prints a first line");
    let out = child.wait_with_output().expect("the demo ends");
    assert!(first.starts_with("2. Concurrently"), "{first:?}");
    assert_eq!(out.status.code(), Some(141), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("panicked"), "{}", stderr_of(&out));
}

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_timeline_as_it_ends() {
    let (out, text) = present(
        &["--counts", "2", "--delay-ms", "5"],
        Some(&"\n".repeat(10)),
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(text.matches("press Enter").count(), 5, "{text}");
    assert!(text.contains(&big_text("PART 5")), "{text}");
    for title in [
        "1. One after another, blocking\n",
        "2. Concurrently, on one thread (tokio current_thread runtime)\n",
        "3. The pitfall: std::thread::sleep inside async code\n",
        "4. The fix for a call that must block: spawn_blocking\n",
        "5. tokio::join! with a heartbeat, then a deadline\n",
        "Watch for: every One before any Two: the waits overlap, 0.005 s in all, on one thread",
        "Summary (2 counts of 0.005 s)",
    ] {
        assert!(text.contains(title), "missing {title:?} in:\n{text}");
    }
    // Part 1's timeline comes out when part 1 ends, before part 2's banner.
    let timeline = text.find("count 2 │").expect("a timeline");
    let part_2 = text.find("2. Concurrently").expect("part 2");
    assert!(timeline < part_2, "{text}");
    assert!(
        text.ends_with("■ end of the demo: 5 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_pausing() {
    let (out, text) = present(&["async", "--counts", "2", "--delay-ms", "5"], None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("count 2: Two"), "{text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_stops_on_q() {
    let (out, text) = present(&["--counts", "2", "--delay-ms", "5"], Some("\nq\n\n\n"));
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("stopped before part 2 (q)"), "{text}");
    // Part 1 ran its counts once; part 2 never started its own.
    assert_eq!(text.matches("count 1: One").count(), 1, "{text}");
    assert!(!text.contains("end of the demo"), "{text}");
}
