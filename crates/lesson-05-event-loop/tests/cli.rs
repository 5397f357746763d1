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
        "busy",
        "wakers",
        "timers",
        "starve",
        "io",
        "threads",
        "runtimes",
        "bench",
        "--svg",
        "--present",
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

/// Runs the demo with `--present` (before `args`) and `input` on its standard input
/// (`None`: closed from the start), under an outer limit of 120 s, so that a pause
/// waiting for an Enter that cannot come fails the test instead of hanging it (see
/// `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> Output {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-05"),
        args,
        input,
        std::time::Duration::from_secs(120),
    )
    .0
}

/// The presenter's titles, in the story's order: the header without its "1. ".
const PRESENTED: [&str; 7] = [
    "A run queue and no wakers (stage 1)",
    "Wakers (stage 2): only woken tasks are polled, and the loop parks",
    "Timers on a heap (stage 3): the loop sleeps until the next deadline",
    "Co-operative means a task that never awaits starves the others",
    "An IO reactor (stage 4): an echo server and its clients on one thread",
    "Two worker threads, one shared queue (stage 5)",
    "The loop is pluggable: one program, five runtimes",
];

const SMALL: [&str; 6] = ["--counts", "2", "--delay-ms", "20", "--clients", "5"];

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_timeline_as_it_ends() {
    // An Enter for every pause, and to spare: the presenter reads one line per pause
    // and leaves the rest unread.
    let out = present(&SMALL, Some(&"\n".repeat(3 * PRESENTED.len())));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // Part i's screen runs from its title to part i + 1's title.
    let screens = kit::present::screens(&text, &PRESENTED, "\n\nWatch for: ");
    let screen = |i: usize| screens[i];
    for i in 0..PRESENTED.len() {
        assert!(
            screen(i).contains("▸ press Enter to run this part"),
            "part {} does not wait for Enter:\n{}",
            i + 1,
            screen(i)
        );
    }
    // Each timeline (and the runtimes' table) comes with its own part, not at the end.
    for (i, what) in [
        (1, "woken by another thread"),
        (1, "█ busy  ░ waiting"),
        (2, "(the next timer)"),
        (2, "█ busy  ░ waiting"),
        (3, "worker (hog)"),
        (4, "woken by IO readiness"),
        (4, "loop (asleep)"),
        (5, "worker 2"),
        (6, "tokio current_thread"),
    ] {
        assert!(
            screen(i).contains(what),
            "part {} should show {what:?} before the next part begins:\n{}",
            i + 1,
            screen(i)
        );
    }
    // The banner replaces the usual header, numbered title and all.
    assert!(
        !text.contains("1. A run queue"),
        "the usual header too:\n{text}"
    );
    assert!(
        text.ends_with("■ end of the demo: 7 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_presents_one_part_alone() {
    let out = present(&["timers", "--counts", "2", "--delay-ms", "5"], Some("\n"));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(PRESENTED[2]), "{text}");
    assert!(!text.contains(PRESENTED[1]), "only the timers part: {text}");
    assert!(text.contains("█ busy  ░ waiting"), "its timeline: {text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_waiting() {
    let out = present(&SMALL, None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("■ end of the demo: 7 parts shown\n"),
        "{text}"
    );
}

#[test]
fn bench_refuses_presenter_mode_and_the_story_flags_saying_why() {
    for (args, why) in [
        (&["bench", "--present"][..], "bench is a measurement"),
        (&["--present", "bench"], "bench is a measurement"),
        (
            &["bench", "--counts", "3"],
            "--counts sizes the story's parts",
        ),
        (
            &["--delay-ms", "5", "bench"],
            "--delay-ms sizes the story's parts",
        ),
    ] {
        let out = demo(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
}

#[test]
fn bench_help_lists_only_what_bench_uses() {
    let out = demo(&["bench", "--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--spawns"), "{text}");
    for flag in ["--counts", "--delay-ms", "--svg", "--present"] {
        assert!(
            !text.contains(flag),
            "bench --help lists {flag}, which bench refuses"
        );
    }
}
