//! The demo as a reader runs it: the story with small sizes, and bad flags.

use std::process::{Command, Output};
use std::time::Duration;

use kit::present::big_text;

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-04"))
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
        env!("CARGO_BIN_EXE_lesson-04"),
        args,
        input,
        Duration::from_secs(60),
    )
}

#[test]
fn the_story_tells_every_part() {
    let out = demo(&["--work-ms", "1", "--steps", "2"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "1. The jumping range, by hand",
        "resume(Some(5))    -> Yielded(6)",
        "Complete(10)   (finished stays finished)",
        "2. The same range as async code",
        "made 1, made 2, made 3, took 3, made 4",
        "3. What the compiler's state machines hold",
        "keeps_a_buffer()",
        "4. Coroutines taken in turns",
        "round robin: a1 b1 c1 a2",
        "one after another: a1 a2 b1 c1",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn one_part_runs_alone_and_draws_svgs() {
    let dir = std::env::temp_dir().join(format!("lesson-04-svg-{}", std::process::id()));
    let dir_arg = dir.to_str().expect("the temp dir is UTF-8");
    let out = demo(&[
        "schedule",
        "--coroutines",
        "2",
        "--work-ms",
        "1",
        "--svg",
        dir_arg,
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("1. The jumping range"), "{text}");
    for picture in ["04-round-robin.svg", "04-one-after-another.svg"] {
        let svg = std::fs::read_to_string(dir.join(picture)).expect("the picture was written");
        assert!(svg.starts_with("<svg"), "{picture} is not an SVG");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_runs_with_small_sizes() {
    let out = demo(&["bench", "--runs", "1", "--resumes", "1000"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for row in [
        "state machine by hand",
        "async generator (Gen<F>)",
        "boxed dyn",
        "jumping_range() body",
    ] {
        assert!(text.contains(row), "missing {row:?} in:\n{text}");
    }
}

#[test]
fn bad_values_are_one_line_and_exit_code_2() {
    for args in [
        &["--up-to", "0"][..],
        &["--coroutines", "13"],
        &["--steps", "many"],
        &["--work-ms", "-1"],
        &["--nope"],
        &["jump"],
        &["bench", "--runs", "0"],
        &["bench", "--resumes", "5"],
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
        "range",
        "generator",
        "sizes",
        "schedule",
        "bench",
        "--up-to",
        "--svg",
        "--present",
    ] {
        assert!(text.contains(word), "--help does not mention {word}");
    }
}

#[test]
fn presenter_mode_pauses_before_each_part_and_shows_its_timelines_as_it_ends() {
    let (out, text) = present(&["--work-ms", "1", "--steps", "2"], Some(&"\n".repeat(8)));
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(text.matches("press Enter").count(), 4, "{text}");
    assert!(text.contains(&big_text("PART 4")), "{text}");
    for title in [
        "1. The jumping range, by hand\n",
        "2. The same range as async code, on a tiny generator library\n",
        "3. What the compiler's state machines hold\n",
        "4. Coroutines taken in turns by a round-robin scheduler\n",
        "Watch for: a value sent in with resume changes the very next value out",
        "round robin: a1 b1 c1 a2",
    ] {
        assert!(text.contains(title), "missing {title:?} in:\n{text}");
    }
    // Part 3's table comes out when part 3 ends, before part 4's banner.
    let table = text.find("keeps_a_buffer()").expect("the size table");
    let part_4 = text.find("4. Coroutines taken in turns").expect("part 4");
    assert!(table < part_4, "{text}");
    assert!(
        text.ends_with("■ end of the demo: 4 parts shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_on_a_closed_input_runs_through_without_pausing() {
    let (out, text) = present(&["schedule", "--work-ms", "1", "--steps", "2"], None);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("one after another: a1 a2 b1 c1"), "{text}");
    assert!(
        text.ends_with("■ end of the demo: 1 part shown\n"),
        "{text}"
    );
}

#[test]
fn presenter_mode_stops_on_q() {
    let (out, text) = present(&["--work-ms", "1", "--steps", "2"], Some("\nq\n\n\n"));
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("(finished stays finished)"), "{text}");
    assert!(text.contains("stopped before part 2 (q)"), "{text}");
    assert!(
        !text.contains("A lazy pipeline"),
        "part 2 ran after q:\n{text}"
    );
    assert!(!text.contains("end of the demo"), "{text}");
}
