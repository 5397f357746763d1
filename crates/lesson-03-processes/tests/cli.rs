//! The demo as a reader runs it: small sizes, and bad flags.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-03"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_story_tells_every_part() {
    let out = demo(&["--jobs", "4", "--job-ms", "5"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "1. A pool of 2 worker processes",
        "as_completed",
        "2. Faults",
        "killed by signal 6",
        "panicked: the job panicked on purpose",
        "timed out after 800 ms",
        "every job got exactly one answer",
        "3. One interface",
        "rayon (2 threads)",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn the_bench_runs_with_small_sizes() {
    let out = demo(&[
        "bench",
        "--runs",
        "1",
        "--bench-job-ms",
        "10",
        "--cpu-jobs",
        "2",
        "--empty-jobs",
        "10",
        "--buffers-mb",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "process pool (2 workers)",
        "best vs best",
        "Cost per job",
        "per MB",
        "postcard",
        "batches of 100",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--workers", "0"][..],
        &["--jobs", "many"],
        &["--nope"],
        &["bench", "--runs", "0"],
        &["--jobs", "256", "--job-ms", "5000"],
        &["bench", "--svg", "/tmp/x"],
        &["bench", "--buffers-mb", "0"],
    ] {
        let out = demo(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err:?}");
    }
}

#[test]
fn help_lists_the_parts_but_not_the_worker() {
    let out = demo(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "pool",
        "faults",
        "executors",
        "bench",
        "--workers",
        "--jobs",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
    assert!(
        !text.contains("worker  "),
        "the worker mode is hidden:\n{text}"
    );
}
