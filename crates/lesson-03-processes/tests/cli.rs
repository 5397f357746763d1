//! The demo as a reader runs it: small sizes, and bad flags.

use std::process::{Command, Output};
use std::time::Duration;

use kit::present::big_text;

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-03"))
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
        env!("CARGO_BIN_EXE_lesson-03"),
        args,
        input,
        Duration::from_secs(60),
    )
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
        &["bench", "--present"], // bench has no parts to pause before
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
        "--present",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
    assert!(
        !text.contains("worker  "),
        "the worker mode is hidden:\n{text}"
    );
}

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_tables_as_it_ends() {
    let (out, text) = present(&["--jobs", "4", "--job-ms", "5"], Some(&"\n".repeat(6)));
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(text.matches("press Enter").count(), 3, "{text}");
    assert!(text.contains(&big_text("PART 3")), "{text}");
    for title in [
        "1. A pool of 2 worker processes\n",
        "2. Faults: what a pool of processes survives\n",
        "3. One interface, three executors (and the sequential baseline)\n",
        "Watch for: the pids: every job runs in one of the same few workers, never in the parent",
    ] {
        assert!(text.contains(title), "missing {title:?} in:\n{text}");
    }
    // Part 2's table comes out when part 2 ends, before part 3's banner.
    let table = text
        .find("sleep 5 s, deadline 0.8 s")
        .expect("the faults table");
    let part_3 = text.find("3. One interface").expect("part 3");
    assert!(table < part_3, "{text}");
    assert!(
        text.ends_with("■ end of the demo: 3 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_pausing() {
    let (out, text) = present(&["pool", "--jobs", "4", "--job-ms", "5"], None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("none ran in the parent"), "{text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_stops_on_q() {
    let (out, text) = present(&["--jobs", "4", "--job-ms", "5"], Some("\nq\n\n\n"));
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("none ran in the parent"), "{text}");
    assert!(text.contains("stopped before part 2 (q)"), "{text}");
    assert!(
        !text.contains("sent kill -9"),
        "part 2 ran after q:\n{text}"
    );
    assert!(!text.contains("end of the demo"), "{text}");
}
