//! The demo as a reader runs it: the story with tiny units, pictures, and bad flags.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-06"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_story_tells_every_part() {
    // Units of 40 ms: the whole story takes about 2.5 s. The checks read what each part
    // says, chosen so that none depends on a race closer than a unit (the orphan's last
    // line comes 1.5 units before the part ends), so a loaded machine cannot fail them.
    let out = demo(&["--unit-ms", "40"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "1. Gather",
        "join_all returned [\"A\", \"B\", \"C\"]",
        "join_next gave B",
        "try_join_all returned Err(\"B failed\")",
        "2. Wait",
        "wait(FirstCompleted): done [\"B\"], pending [\"A\", \"C\"]",
        "a pending task, awaited later",
        "FuturesUnordered yielded [\"B\", \"C\", \"A\"]",
        "3. Cancel",
        "`aborted`'s handle says: cancelled",
        "every worker has returned on its own",
        "pairs read: [(1, 2), (3, 4), (5, 6)]",
        "awaited `save` again later",
        "4. Timeouts",
        "budget of 4 units spent during `read`",
        "5. Structured concurrency",
        "orphan writes line 3",
        "group failed: B failed",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn one_part_writes_its_pictures() {
    let dir = std::env::temp_dir().join(format!("lesson-06-svg-{}", std::process::id()));
    let out = demo(&["gather", "--unit-ms", "5", "--svg", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    for name in ["06-join-all.svg", "06-join-set.svg", "06-try-join-all.svg"] {
        let svg = std::fs::read_to_string(dir.join(name)).expect("the picture was written");
        assert!(
            svg.starts_with("<svg") || svg.contains("<svg"),
            "{name} is an SVG"
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("2. Wait"), "only the gather part runs");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tiny_bench_runs() {
    let out = demo(&["bench", "--tasks", "100", "--runs", "1"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for way in [
        "spawn + await each handle",
        "join_all (no spawn)",
        "JoinSet",
        "FuturesUnordered",
    ] {
        assert!(text.contains(way), "missing {way:?} in:\n{text}");
    }
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--unit-ms", "0"][..],
        &["--unit-ms", "many"],
        &["--unit-ms", "-5"],
        &["--nope"],
        &["gatherr"],
        &["bench", "--runs", "0"],
        &["bench", "--tasks", "0"],
        &["bench", "--svg", "/tmp/x"],
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
        "gather",
        "wait",
        "cancel",
        "timeout",
        "structured",
        "bench",
        "--unit-ms",
        "--svg",
        "--present",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}

/// Runs the demo with `--present` (before `args`) and `input` on its standard input
/// (`None`: closed from the start), under an outer limit of 120 s, so that a pause
/// waiting for an Enter that cannot come fails the test instead of hanging it (see
/// `kit::present::run_presented`).
fn present(args: &[&str], input: Option<&str>) -> Output {
    kit::present::run_presented(
        env!("CARGO_BIN_EXE_lesson-06"),
        args,
        input,
        std::time::Duration::from_secs(120),
    )
    .0
}

/// The presenter's titles, in the story's order: the headers without their "1. ".
const PRESENTED: [&str; 5] = [
    "Gather: A (3 units), B (1), C (2), submitted in that order",
    "Wait: done and pending, and the pending keep running",
    "Cancel: a dropped future, abort, and a handle that detaches",
    "Timeouts: one budget of 4 units for connect (1), ask (2), read (2)",
    "Structured concurrency: the parent stops waiting after 1.5 units",
];

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_timelines_as_it_ends() {
    // An Enter for every pause, and to spare: the presenter reads one line per pause
    // and leaves the rest unread.
    let input = "\n".repeat(3 * PRESENTED.len());
    let out = present(&["--unit-ms", "10"], Some(&input));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // Part i's screen runs from its title to part i + 1's title.
    let screens = kit::present::screens(&text, &PRESENTED, "\n\nWatch for: ");
    for (i, screen) in screens.iter().enumerate() {
        assert!(
            screen.contains("▸ press Enter to run this part"),
            "part {} does not wait for Enter:\n{screen}",
            i + 1
        );
        // Every part draws at least one timeline, on its own screen, not at the end.
        assert!(
            screen.contains("█ busy  ░ waiting"),
            "part {} shows no timeline before the next part begins:\n{screen}",
            i + 1
        );
    }
    assert!(!text.contains("1. Gather"), "the usual header too:\n{text}");
    assert!(
        text.ends_with("■ end of the demo: 5 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_presents_one_part_alone() {
    let out = present(&["cancel", "--unit-ms", "10"], Some("\n"));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(PRESENTED[2]), "{text}");
    assert!(!text.contains(PRESENTED[1]), "only the cancel part: {text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_waiting() {
    let out = present(&["--unit-ms", "10"], None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("■ end of the demo: 5 parts shown\n"),
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
