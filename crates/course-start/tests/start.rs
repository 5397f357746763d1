//! The launcher with a stand-in cargo: it says what is building only when something is
//! compiled, then starts the runner cargo built, with the arguments it was given, and
//! ends with the runner's exit code.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A stand-in `cargo build …`: reports two artifacts, fresh or not, the second being the
/// runner, a script that prints its arguments and exits with 3.
fn fake_cargo(dir: &Path, fresh: bool) -> PathBuf {
    let runner = script(
        dir,
        "course",
        "#!/bin/sh\necho \"runner got: $*\"\nexit 3\n",
    );
    script(
        dir,
        "cargo",
        &format!(
            "#!/bin/sh\n\
             echo '{{\"reason\":\"compiler-artifact\",\"target\":{{\"kind\":[\"lib\"],\"name\":\"tokio\"}},\"executable\":null,\"fresh\":{fresh}}}'\n\
             echo '{{\"reason\":\"compiler-artifact\",\"target\":{{\"kind\":[\"bin\"],\"name\":\"course\"}},\"executable\":\"{}\",\"fresh\":{fresh}}}'\n\
             echo '{{\"reason\":\"build-finished\",\"success\":true}}'\n",
            runner.display()
        ),
    )
}

fn start(cargo: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_course-start"))
        .args(args)
        .env("CARGO", cargo)
        .output()
        .unwrap()
}

#[test]
fn a_first_build_says_what_it_builds_then_starts_the_runner() {
    let dir = tempfile::tempdir().unwrap();
    let out = start(&fake_cargo(dir.path(), false), &["list", "--x"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("building the course runner and its dependencies ("),
        "{stderr}"
    );
    assert!(stderr.contains("built: 2 crates compiled in "), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "runner got: list --x\n"
    );
    assert_eq!(out.status.code(), Some(3), "the runner's exit code");
}

#[test]
fn nothing_to_build_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = start(&fake_cargo(dir.path(), true), &["hint"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "runner got: hint\n");
}

#[test]
fn a_failed_build_ends_with_cargo_s_code() {
    let dir = tempfile::tempdir().unwrap();
    let cargo = script(
        dir.path(),
        "cargo",
        "#!/bin/sh\necho 'error: broken' >&2\nexit 101\n",
    );
    let out = start(&cargo, &[]);
    assert_eq!(out.status.code(), Some(101));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: broken"));
}
