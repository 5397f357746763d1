//! The demo as a reader runs it: the story on a tiny batch, one part, bad flags.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-08"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_story_runs_every_version_and_accounts_for_bad_input() {
    // 8 small images, short timeouts: the whole story takes a second or two.
    let dir = tempfile_dir("story");
    let out = demo(&[
        "--images",
        "8",
        "--width",
        "64",
        "--timeout-ms",
        "300",
        "--report",
        dir.to_str().expect("a utf-8 temp path"),
    ]);
    let text = stdout_of(&out);
    assert!(out.status.success(), "{}\n{text}", stderr_of(&out));
    for part in [
        "sequential: 8 ok, 0 failed",
        "threads everywhere: 8 ok",
        "async everywhere (resize on the runtime): 8 ok",
        "pipeline (bounded channels, rayon): 8 ok",
        "data-parallel batch: 8 ok",
        "8 of 8 in",
        "4 ok, 4 failed",
        "image   3: resize failed (1 try): not an image we can read",
        "image   4: download failed (1 try): /image/gone/4.png answered 404 Not Found",
        "image   6: upload failed (2 tries)",
        "500 Internal Server Error",
        "image   7: upload failed (2 tries)",
        "timed out",
        "every item is accounted for",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    assert!(!stderr_of(&out).contains("panicked"), "{}", stderr_of(&out));
    for file in [
        "table.txt",
        "08-pipeline.svg",
        "08-async-everywhere.svg",
        "08-faults.svg",
    ] {
        assert!(dir.join(file).is_file(), "--report did not write {file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_part_runs_alone() {
    let out = demo(&["pipeline", "--images", "3", "--width", "32"]);
    let text = stdout_of(&out);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        text.contains("pipeline (bounded channels, rayon): 3 ok, 0 failed"),
        "{text}"
    );
    assert!(!text.contains("sequential"), "{text}");
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--images", "0"][..],
        &["--images", "many"],
        &["--width", "5"],
        &["--limit", "0"],
        &["--nope"],
        &["bench", "--runs", "0"],
        &["pipline"],
        &["--url", "ftp://example"],
        &["--url", "http://"],
    ] {
        let out = demo(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err:?}");
    }
}

#[test]
fn help_lists_the_versions() {
    let out = demo(&["--help"]);
    assert!(out.status.success());
    let text = stdout_of(&out);
    for word in [
        "sequential",
        "threads",
        "async",
        "pipeline",
        "batch",
        "faults",
        "bench",
        "--url",
        "--report",
        "--svg",
        "--images",
        "--present",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}

/// A fresh folder under the system's temp dir, unique to this process and test.
fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lesson-08-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs the demo with `--present` (before `args`) and `input` on its standard input
/// (`None`: closed from the start), under an outer limit of 120 s, so that a pause
/// waiting for an Enter that cannot come fails the test instead of hanging it (see
/// `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> Output {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-08"),
        args,
        input,
        std::time::Duration::from_secs(120),
    )
    .0
}

const SMALL: [&str; 6] = ["--images", "8", "--width", "64", "--timeout-ms", "300"];

/// The presenter's titles, in the story's order: five versions, their table, bad input.
const PRESENTED: [&str; 7] = [
    "sequential: one image at a time, on one thread",
    "threads everywhere: a pool of threads, each doing all three stages",
    "async everywhere (resize on the runtime): one task per image",
    "pipeline (bounded channels, rayon): stages joined by bounded channels",
    "data-parallel batch: download all, then resize all (rayon), then upload all",
    "The five versions side by side",
    "pipeline, with bad input: bodies that are not images",
];

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_timeline_as_it_ends() {
    // An Enter for every pause, and to spare: the presenter reads one line per pause
    // and leaves the rest unread.
    let out = present(&SMALL, Some(&"\n".repeat(3 * PRESENTED.len())));
    let text = stdout_of(&out);
    assert!(out.status.success(), "{}\n{text}", stderr_of(&out));
    // Part i's screen runs from its title to part i + 1's title.
    let screens = kit::present::screens(&text, &PRESENTED, "");
    let screen = |i: usize| screens[i];
    for i in 0..PRESENTED.len() {
        assert!(
            screen(i).contains("Watch for: ") && screen(i).contains("▸ press Enter"),
            "part {} has no screen of its own:\n{}",
            i + 1,
            screen(i)
        );
    }
    // What each part shows comes with that part, not at the end.
    for (i, what) in [
        (0, "8 images of 64 × 48 px"),
        (0, "sequential: 8 ok, 0 failed"),
        (1, "threads everywhere: 8 ok"),
        (2, "(the timeline by thread"),
        (2, "░ waiting"),
        (3, "█ busy  ░ waiting"),
        (4, "data-parallel batch: 8 ok"),
        (5, "images/s"),
        (6, "image   4: download failed (1 try)"),
        (6, "every item is accounted for"),
    ] {
        assert!(
            screen(i).contains(what),
            "part {} should show {what:?} before the next part begins:\n{}",
            i + 1,
            screen(i)
        );
    }
    assert!(
        text.ends_with("■ end of the demo: 7 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_presents_one_version_alone_with_its_table() {
    let out = present(&["pipeline", "--images", "3", "--width", "32"], Some("\n"));
    let text = stdout_of(&out);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains(PRESENTED[3]), "{text}");
    assert!(!text.contains("sequential"), "{text}");
    assert!(text.contains("images/s"), "its table: {text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_waiting() {
    let out = present(&SMALL, None);
    let text = stdout_of(&out);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        text.ends_with("■ end of the demo: 7 parts shown\n"),
        "{text}"
    );
}

#[test]
fn bench_refuses_presenter_mode_saying_why_and_does_not_offer_it() {
    for args in [&["bench", "--present"], &["--present", "bench"]] {
        let out = demo(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.contains("bench is a measurement"), "{args:?}: {err}");
    }
    let out = demo(&["bench", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        !help.contains("--present"),
        "bench --help offers --present:\n{help}"
    );
}
