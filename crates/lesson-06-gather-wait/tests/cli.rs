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
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}
