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
