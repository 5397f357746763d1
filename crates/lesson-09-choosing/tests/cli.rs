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

/// Runs the demo with `--present` (before `args`) and `input` on its standard input
/// (`None`: closed from the start), under an outer limit of 120 s, so that a pause
/// waiting for an Enter that cannot come fails the test instead of hanging it (see
/// `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> Output {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-09"),
        args,
        input,
        std::time::Duration::from_secs(120),
    )
    .0
}

const SMALL: [&str; 6] = ["--jobs", "4", "--wait-ms", "5", "--compute-ms", "2"];

/// The presenter's titles with `SMALL`: one part per problem.
const PRESENTED: [&str; 3] = [
    "CPU-bound: count primes (4 jobs)",
    "IO-bound: slow HTTP answers from the delay server (4 jobs)",
    "Mixed: a slow HTTP answer, then counting primes (4 jobs)",
];

#[test]
fn presenter_mode_pauses_before_each_problem_and_shows_its_table_as_it_ends() {
    // An Enter for every pause, and to spare: the presenter reads one line per pause
    // and leaves the rest unread.
    let out = present(&SMALL, Some(&"\n".repeat(3 * PRESENTED.len())));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // Part i's screen runs from its title to part i + 1's title.
    let screens = kit::present::screens(&text, &PRESENTED, "\n\nWatch for: ");
    for (i, problem) in ["CPU-bound", "IO-bound", "Mixed"].into_iter().enumerate() {
        let screen = screens[i];
        assert!(
            screen.contains("▸ press Enter to run this part"),
            "part {} does not wait for Enter:\n{screen}",
            i + 1
        );
        // The problem's table and its lesson come with its own part, not at the end.
        assert!(
            screen.contains(&format!("{problem}: "))
                && screen.contains("jobs; ideal speed-up on")
                && screen.contains("most in flight")
                && screen.contains("Fastest here:"),
            "part {} should show its table before the next part begins:\n{screen}",
            i + 1
        );
    }
    // The setup is said on the first part's screen, after the banner that would clear it.
    assert!(screens[0].contains("Calibrating:"), "{}", screens[0]);
    assert!(
        !text.contains("== CPU-bound"),
        "the usual header too:\n{text}"
    );
    assert!(
        text.ends_with("■ end of the demo: 3 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_presents_one_problem_alone() {
    let mut args = vec!["--problem", "io", "--only", "rayon"];
    args.extend(SMALL);
    let out = present(&args, Some("\n"));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(PRESENTED[1]), "{text}");
    assert!(!text.contains(PRESENTED[0]), "only the io problem: {text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_waiting() {
    let mut args = vec!["--only", "rayon"];
    args.extend(SMALL);
    let out = present(&args, None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("■ end of the demo: 3 parts shown\n"),
        "{text}"
    );
}

#[test]
fn the_shootouts_helpers_refuse_presenter_mode_saying_why() {
    let job = [
        "--problem",
        "cpu",
        "--primes-below",
        "10",
        "--wait-ms",
        "1",
        "--server",
        "127.0.0.1:9",
    ];
    let worker: Vec<&str> = ["worker", "--present"]
        .iter()
        .chain(&job)
        .copied()
        .collect();
    let cell: Vec<&str> = ["--present", "cell", "--approach", "rayon", "--jobs", "1"]
        .iter()
        .chain(&["--cores", "1"])
        .chain(&job)
        .copied()
        .collect();
    for args in [worker, cell] {
        let out = demo(&args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.contains("no parts to present"), "{args:?}: {err}");
    }
}

#[test]
fn help_mentions_presenter_mode() {
    let out = demo(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["--problem", "--only", "--out", "--present"] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}
