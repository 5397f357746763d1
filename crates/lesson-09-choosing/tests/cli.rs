//! The demo as a reader runs it: a tiny shootout end to end, its files, and bad flags.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-09"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_tiny_shootout_runs_every_approach_and_writes_the_book_files() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out_dir = dir.path().to_str().expect("a UTF-8 path");
    let out = demo(&[
        "--jobs",
        "4",
        "--wait-ms",
        "5",
        "--compute-ms",
        "2",
        "--out",
        out_dir,
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "CPU-bound: count primes (4 jobs",
        "IO-bound: slow HTTP answers",
        "Mixed: a slow HTTP answer",
        "ideal speed-up on",
        "Fastest here:",
        "event-loop",
        "async-std",
        "process-pool",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    // Every approach computed the right checksum.
    assert!(
        !text.contains("WRONG SUM"),
        "an approach lost jobs:\n{text}"
    );
    for problem in ["cpu", "io", "mixed"] {
        let md = std::fs::read_to_string(dir.path().join(format!("{problem}.md")))
            .expect("one Markdown table per problem");
        assert!(md.contains("| tokio-multi-thread |"), "{md}");
        let svg = std::fs::read_to_string(dir.path().join(format!("{problem}.svg")))
            .expect("one SVG per problem");
        assert!(svg.starts_with("<svg") && svg.contains("ideal"), "{svg}");
    }
}

#[test]
fn the_io_problem_overlaps_every_wait_on_the_async_runtimes() {
    // The delay server's own high-water mark: all 6 requests were in flight at once.
    let out = demo(&[
        "--problem",
        "io",
        "--only",
        "tokio-current-thread,event-loop",
        "--jobs",
        "6",
        "--wait-ms",
        "50",
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["tokio-current-thread", "event-loop"] {
        let line = text
            .lines()
            .rfind(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no table row for {name} in:\n{text}"));
        assert!(
            line.trim_end().ends_with(" 6"),
            "{name} did not have 6 in flight: {line}"
        );
    }
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--jobs", "0"][..],
        &["--jobs", "many"],
        &["--runs", "0"],
        &["--problem", "gpu"],
        &["--only", "goroutines"],
        &["--wait-ms", "-5"],
        &["--nope"],
        &["--server", "not-an-address"],
    ] {
        let out = demo(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}
