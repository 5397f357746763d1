//! The command line: bad values are one line and exit 2; a small run works end to end.

use std::process::{Command, Output};
use std::time::Duration;

use kit::present::big_text;

fn lesson(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-00"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

/// Runs the demo with `--present` and `input` on its standard input (`None`: closed from
/// the start), under an outer limit of 60 s (see `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> (Output, String) {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-00"),
        args,
        input,
        Duration::from_secs(60),
    )
}

/// The small sizes the presenter-mode tests run with: a few milliseconds of work a part.
const SMALL: [&str; 8] = [
    "--tasks", "2", "--size", "1000", "--io-ms", "2", "--width", "30",
];

fn assert_usage_error(args: &[&str], mentions: &str) {
    let out = lesson(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "{args:?}: one line, got {stderr:?}"
    );
    assert!(stderr.contains(mentions), "{args:?}: {stderr}");
}

#[test]
fn bad_values_are_one_line_and_exit_2() {
    assert_usage_error(&["--tasks", "0"], "must be 1 to 64");
    assert_usage_error(&["cpu", "--size", "lots"], "--size");
    assert_usage_error(&["--io-ms", "999999"], "must be 1 to 10000");
    assert_usage_error(&["bench", "--runs", "0"], "--runs");
    assert_usage_error(&["bench", "--svg", "out"], "bench draws none");
    assert_usage_error(&["paint"], "paint");
    assert_usage_error(&["bench", "--present"], "bench has none");
}

#[test]
fn help_lists_the_subcommands() {
    let out = lesson(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["cpu", "io", "bench", "--svg", "--tasks", "--present"] {
        assert!(help.contains(word), "--help should mention {word}");
    }
}

#[test]
fn a_small_demo_prints_tables_timelines_and_writes_svgs() {
    let dir = tempfile::tempdir().unwrap();
    let svg_dir = dir.path().join("img");
    let out = lesson(&[
        "--tasks",
        "2",
        "--size",
        "1000",
        "--io-ms",
        "2",
        "--width",
        "30",
        "--svg",
        svg_dir.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for text in [
        "cores",
        "OS threads",
        "rayon pool",
        "async, 1 thread",
        "speed-up",
        "ideal",
        "│",
        // The closing line: the bench as the book runs it, then the course runner.
        "`cargo run --release -p lesson-00 -- bench`",
        "`cargo course`",
    ] {
        assert!(stdout.contains(text), "missing {text:?} in:\n{stdout}");
    }
    let written = std::fs::read_dir(&svg_dir).unwrap().count();
    assert_eq!(written, 8, "one picture per workload and approach");
}

#[test]
fn bench_prints_medians_and_markdown() {
    let out = lesson(&[
        "bench",
        "--runs",
        "2",
        "--tasks",
        "2",
        "--size",
        "500",
        "--io-ms",
        "1",
        "--markdown",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("median") && stdout.contains("| workload |"),
        "{stdout}"
    );
}

#[test]
fn presenter_mode_shows_each_approach_as_a_part_then_its_timeline() {
    let (out, text) = present(&SMALL, Some(&"\n".repeat(20)));
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Both workloads, four approaches each: eight parts, each behind a pause.
    assert_eq!(text.matches("press Enter").count(), 8, "{text}");
    assert!(text.contains(&big_text("PART 8")), "{text}");
    for title in [
        "CPU-bound: sequential\n",
        "CPU-bound: OS threads\n",
        "CPU-bound: async, 1 thread\n",
        "CPU-bound: rayon pool\n",
        "IO-bound: sequential\n",
        "IO-bound: rayon pool\n",
        "Watch for: one thread, the waits ░ overlap: concurrency without parallelism",
    ] {
        assert!(text.contains(title), "missing {title:?} in:\n{text}");
    }
    // A part's timeline comes out when the part has finished, before the next part.
    let threads_ran = text
        .find("OS threads: one OS thread per task")
        .expect("the threads part ran");
    let next = text.find("CPU-bound: async, 1 thread\n").expect("part 3");
    assert!(threads_ran < next, "{text}");
    // The old per-workload heading gives way to the parts' titles.
    assert!(!text.contains("── CPU-bound"), "{text}");
    assert!(
        text.ends_with("■ end of the demo: 8 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_pausing() {
    let (out, text) = present(&["cpu", "--tasks", "2", "--size", "1000"], None);
    assert!(out.status.success(), "{text}");
    // The first pause finds the end of the input; no later part asks for an Enter.
    assert_eq!(text.matches("press Enter").count(), 1, "{text}");
    assert!(
        text.ends_with("■ end of the demo: 4 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_stops_on_q() {
    let (out, text) = present(&SMALL, Some("\nq\n\n\n"));
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("sequential: one task after another"),
        "{text}"
    );
    assert!(text.contains("stopped before part 2 (q)"), "{text}");
    assert!(
        !text.contains("OS threads: one OS thread per task"),
        "{text}"
    );
    assert!(!text.contains("end of the demo"), "{text}");
}
