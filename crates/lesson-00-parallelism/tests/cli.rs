//! The command line: bad values are one line and exit 2; a small run works end to end.

use std::process::{Command, Output};

fn lesson(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-00"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

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
}

#[test]
fn help_lists_the_subcommands() {
    let out = lesson(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["cpu", "io", "bench", "--svg", "--tasks"] {
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
