//! The demo as a reader runs it: the story with small sizes, and bad flags.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-05"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_story_tells_every_part() {
    let out = demo(&["--counts", "2", "--delay-ms", "20", "--clients", "5"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "1. A run queue and no wakers (stage 1)",
        "2. Wakers (stage 2)",
        "woken by another thread",
        "3. Timers on a heap (stage 3)",
        "(the next timer)",
        "woken by a timer",
        "4. Co-operative means a task that never awaits starves the others",
        "5. An IO reactor (stage 4)",
        "woken by IO readiness",
        "6. Two worker threads",
        "7. The loop is pluggable",
        "tokio current_thread",
        "async-std (deprecated)",
        "That is the whole loop",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn one_part_can_be_picked_and_drawn_as_svg() {
    let dir = std::env::temp_dir().join(format!("lesson-05-svg-{}", std::process::id()));
    let out = demo(&[
        "timers",
        "--counts",
        "2",
        "--delay-ms",
        "5",
        "--svg",
        dir.to_str().expect("a utf-8 temp path"),
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let svg = std::fs::read_to_string(dir.join("05-timers.svg")).expect("the svg was written");
    assert!(svg.starts_with("<svg"), "{svg}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--counts", "0"][..],
        &["--counts", "many"],
        &["--delay-ms", "-5"],
        &["--clients", "0"],
        &["--nope"],
        &["turbo"],
        &["bench", "--runs", "0"],
        &["bench", "--svg", "/tmp/x"],
        &["--counts", "50", "--delay-ms", "2000"],
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
        "busy", "wakers", "timers", "starve", "io", "threads", "runtimes", "bench", "--svg",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}

#[test]
fn a_tiny_bench_runs_every_runtime() {
    let out = demo(&[
        "bench",
        "--runs",
        "1",
        "--spawns",
        "100",
        "--pings",
        "100",
        "--timers",
        "100",
        "--clients",
        "2",
        "--rounds",
        "2",
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "spawn + join",
        "ping-pong",
        "timers",
        "echo round trip",
        "smol",
    ] {
        assert!(text.contains(word), "missing {word:?} in:\n{text}");
    }
}
