//! The demo as a reader runs it: the story with small sizes, and bad flags.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-02"))
        .args(args)
        .output()
        .expect("the demo binary runs")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_story_tells_every_part() {
    let out = demo(&["--increments", "2000", "--chunk-ms", "1"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "1. Spawn, join, scope, move, Arc",
        "2. The lost update",
        "with fetch_add instead, 8 threads count 16000 of 16000",
        "3. One counter, four ways",
        "4. Channels",
        "crossbeam bounded(2)",
        "select!: one loop took 20 clicks",
        "5. An actor",
        "returned {\"/\": 3000, \"/about\": 1000}",
        "6. Deadlock",
        "thread 1 holds [\"left\"], waits for \"right\"",
        "fix 2: try_lock + back-off: 10000 transfers each way finished, balances (1000, 1000)",
        "7. A producer/consumer buffer on a Condvar",
        "all 30 items arrived in order",
        "8. The GIL picture",
        "9. Thrashing",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn one_part_runs_alone_and_writes_its_pictures() {
    let dir = std::env::temp_dir().join(format!("lesson-02-svg-{}", std::process::id()));
    let out = demo(&["gil", "--chunk-ms", "1", "--svg", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("8. The GIL picture") && !text.contains("9. Thrashing"));
    for file in ["02-gil.svg", "02-free.svg"] {
        let svg = std::fs::read_to_string(dir.join(file)).expect("the picture was written");
        assert!(svg.starts_with("<svg"), "{file}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--increments", "0"][..],
        &["--increments", "many"],
        &["--chunk-ms", "1000"],
        &["--nope"],
        &["gill"],
        &["bench", "--runs", "0"],
        &["bench", "--work-ms", "5"],
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
        "basics",
        "lost-update",
        "counters",
        "channels",
        "actor",
        "deadlock",
        "condvar",
        "gil",
        "thrash",
        "bench",
        "--increments",
        "--svg",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}
