//! The demo as a reader runs it: the story with small sizes, and bad flags.

use std::process::{Command, Output};

use std::time::Duration;

use kit::present::big_text;

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-02"))
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
        env!("CARGO_BIN_EXE_lesson-02"),
        args,
        input,
        Duration::from_secs(60),
    )
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
        "--present",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_tables_as_it_ends() {
    let (out, text) = present(
        &["--increments", "2000", "--chunk-ms", "1"],
        Some(&"\n".repeat(15)),
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(text.matches("press Enter").count(), 9, "{text}");
    assert!(text.contains(&big_text("PART 9")), "{text}");
    for title in [
        "1. Spawn, join, scope, move, Arc\n",
        "2. The lost update: x = x + 1 from several threads\n",
        "4. Channels: bounded vs unbounded, backpressure\n",
        "6. Deadlock: two locks taken in opposite orders\n",
        "8. The GIL picture: one coarse lock vs none\n",
        "9. Thrashing: more busy threads than cores\n",
        "Watch for: with the coarse lock the threads take turns; without it they run at once",
    ] {
        assert!(text.contains(title), "missing {title:?} in:\n{text}");
    }
    // Part 2's table comes out when part 2 ends, before part 3's banner.
    let table = text.find("lost share\n").expect("the lost-update table");
    let part_3 = text.find("3. One counter, four ways").expect("part 3");
    assert!(table < part_3, "{text}");
    assert!(
        text.ends_with("■ end of the demo: 9 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_pausing() {
    let (out, text) = present(&["gil", "--chunk-ms", "1"], None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("the lock alone decides"), "{text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_stops_on_q() {
    let (out, text) = present(
        &["--increments", "2000", "--chunk-ms", "1"],
        Some("\nq\n\n\n"),
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("spawn_and_join(3)"), "{text}");
    assert!(text.contains("stopped before part 2 (q)"), "{text}");
    assert!(
        !text.contains("with fetch_add instead"),
        "part 2 ran after q:\n{text}"
    );
    assert!(!text.contains("end of the demo"), "{text}");
}
