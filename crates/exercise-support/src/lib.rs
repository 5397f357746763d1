//! What every exercise's tests share.
//!
//! [`guide`] turns a failing step into a lesson: it installs a panic hook that prints
//! the failure without a backtrace (a learner with `RUST_BACKTRACE=1` in their shell
//! would otherwise find the test's message buried under fifty frames of libtest), then
//! one closing line that names the step, where it stands in the course and what to run
//! next.
//!
//! Why a hook and not a line after libtest's summary: `cargo test` runs the steps in
//! course order and stops at the first failing test binary, so the failing step's own
//! output is the last thing a learner sees, and the panic hook is the only code of ours
//! that runs inside it. The step helpers (`within`, `bounded`) call [`guide`] before they
//! run the learner's code, so every failure carries the line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::panic::{self, PanicHookInfo};
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Set by the course runner (`cargo course`), which shows the step's place itself.
pub const QUIET_VAR: &str = "COURSE_GUIDE_QUIET";

/// Installs the guide's panic hook, once per test binary; later calls do nothing.
pub fn guide() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let test = test_target();
        let footer = std::env::current_dir()
            .ok()
            .and_then(|dir| footer(&dir, test.as_deref()?));
        let quiet = std::env::var_os(QUIET_VAR).is_some();
        panic::set_hook(Box::new(move |info| {
            let mut text = describe(info);
            if let Some(footer) = footer.as_deref().filter(|_| !quiet) {
                let _ = write!(text, "\n{footer}");
            }
            // `eprintln!`, not a raw write to stderr: libtest captures it with the rest
            // of the test's output and prints it under the failing test's name.
            eprintln!("{text}");
            let _ = std::io::stderr().flush();
        }));
    });
}

/// The panic as the standard hook says it (thread, place, message), minus the backtrace.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("<unnamed>");
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "Box<dyn Any>".to_string());
    match info.location() {
        Some(at) => format!("thread '{name}' panicked at {at}:\n{message}"),
        None => format!("thread '{name}' panicked:\n{message}"),
    }
}

/// The test target's name, from the binary's file name (`s1_countasync-0123abcd`).
fn test_target() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let stem = exe.file_stem()?.to_str()?;
    let name = stem.rsplit_once('-').map_or(stem, |(name, _)| name);
    Some(name.to_string())
}

/// One step of the course, as the guide needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StepRef {
    lesson: String,
    id: String,
    test: String,
}

/// "step 3 of 10 …" for the test target `test`, run from the package folder `dir`
/// (the exercise's or the solution's: both are one level below the workspace root's
/// `exercises/` and `solutions/`).
fn footer(dir: &Path, test: &str) -> Option<String> {
    let root = dir.ancestors().find(|d| d.join("exercises").is_dir())?;
    let folder = dir.file_name()?.to_str()?;
    let steps = course_steps(&root.join("exercises"));
    let index = steps
        .iter()
        .position(|(f, s)| f == folder && s.test == test)?;
    let step = &steps[index].1;
    let in_lesson: Vec<&StepRef> = steps
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.lesson == step.lesson)
        .collect();
    let place = in_lesson.iter().position(|s| s.id == step.id)? + 1;
    let left = steps.len() - index;
    Some(format!(
        "── step {} ({place} of {} in lesson {}): {left} of the course's {} steps to go, \
         this one included. `cargo course hint {}` gives a hint; `cargo course` guides \
         you step by step ──",
        step.id,
        in_lesson.len(),
        step.lesson,
        steps.len(),
        step.id,
    ))
}

/// Every step of the course in course order (lesson folders sorted by name, steps in
/// the order of their `course.toml`), with the lesson's folder name.
fn course_steps(exercises: &Path) -> Vec<(String, StepRef)> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(exercises)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("course.toml").is_file())
        .collect();
    folders.sort();
    folders
        .iter()
        .flat_map(|folder| {
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(folder.join("course.toml")).unwrap_or_default();
            steps_of(&text)
                .into_iter()
                .map(move |step| (name.clone(), step))
        })
        .collect()
}

/// The `lesson`, and each `[[steps]]` table's `id` and `test`, from a `course.toml`.
///
/// A line scanner, not a TOML parser: this crate has no dependencies, and the course
/// files keep these keys as plain one-line strings (the runner's full parser, in the
/// `course` crate, rejects a file that does not).
fn steps_of(toml: &str) -> Vec<StepRef> {
    let mut lesson = String::new();
    let mut steps: Vec<StepRef> = Vec::new();
    let mut in_step = false;
    let mut in_text = false;
    for line in toml.lines().map(str::trim) {
        // Skip the inside of multi-line strings (hints): their lines are prose.
        let quotes = line.matches("\"\"\"").count();
        if in_text {
            in_text = quotes % 2 == 0;
            continue;
        }
        in_text = quotes % 2 == 1;
        if line.starts_with('[') {
            in_step = line == "[[steps]]";
            if in_step {
                steps.push(StepRef {
                    lesson: lesson.clone(),
                    id: String::new(),
                    test: String::new(),
                });
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_string();
        match (key.trim(), in_step, steps.last_mut()) {
            ("lesson", false, _) => lesson = value,
            ("id", true, Some(step)) => step.id = value,
            ("test", true, Some(step)) => step.test = value,
            _ => {}
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = r#"
lesson = "01"
title = "Sync vs async"

[[steps]]
id = "01-a"
test = "s1_a"
hint = """
id = "not-a-step"
"""

[[steps]]
id = "01-b"
test = "s2_b"
"#;

    #[test]
    fn reads_the_steps_of_a_lesson_in_order() {
        let steps = steps_of(LESSON);
        let ids: Vec<(&str, &str, &str)> = steps
            .iter()
            .map(|s| (s.lesson.as_str(), s.id.as_str(), s.test.as_str()))
            .collect();
        // The `id = …` line inside the hint's multi-line string is prose, not a key.
        assert_eq!(ids, [("01", "01-a", "s1_a"), ("01", "01-b", "s2_b")]);
    }

    #[test]
    fn the_footer_counts_the_steps_left_in_the_course() {
        let root = tempdir();
        for (folder, text) in [
            (
                "00-x",
                "lesson = \"00\"\n[[steps]]\nid = \"00-a\"\ntest = \"s1_a\"\n",
            ),
            ("01-y", LESSON),
        ] {
            std::fs::create_dir_all(root.join("exercises").join(folder)).unwrap();
            std::fs::write(
                root.join("exercises").join(folder).join("course.toml"),
                text,
            )
            .unwrap();
        }
        let solution = root.join("solutions/01-y");
        std::fs::create_dir_all(&solution).unwrap();
        let line = footer(&solution, "s2_b").unwrap();
        assert!(line.contains("step 01-b (2 of 2 in lesson 01)"), "{line}");
        assert!(line.contains("1 of the course's 3 steps to go"), "{line}");
        assert!(line.contains("`cargo course hint 01-b`"), "{line}");
        assert_eq!(footer(&solution, "s9_unknown"), None);
        std::fs::remove_dir_all(root).unwrap();
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "exercise-support-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
