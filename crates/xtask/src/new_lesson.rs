//! `cargo xtask new-lesson NN topic`: the skeleton of a new lesson, laid out as lessons
//! 00 and 01 are.
//!
//! It writes a demo crate (`crates/lesson-NN-topic`, package `lesson-NN`, a library with
//! one concept file and a command line), the exercise and solution crates with one step
//! (its starter, its test written once, its `course.toml` entry, one known wrong answer
//! in `solutions/NN-topic/wrong/`), and the chapter with its Python twin when the chapter
//! does not exist yet. Every file compiles, passes rustfmt and clippy `-D warnings` as
//! written, and `cargo xtask check NN` passes on it: a contributor starts from green and
//! replaces the placeholder concept (the sum of squares) with the lesson's own.
//!
//! Lessons are built in parallel by different people, so it never overwrites: a lesson
//! number that already has a crate, exercises or solutions is refused, and so is a
//! chapter of that number under another topic.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// Writes the skeleton of lesson `number` on `topic` under `root`; prints what it wrote
/// and what to do next. Refuses (an error, nothing written) when the lesson exists.
pub fn run(root: &Path, number: &str, topic: &str) -> anyhow::Result<bool> {
    let lesson = Names::new(number, topic)?;
    let plan = lesson.files(root)?;
    for (path, text) in &plan.files {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&full, text).with_context(|| format!("cannot write {}", full.display()))?;
        println!("wrote {}", path.display());
    }
    if let Some(kept) = &plan.kept_chapter {
        println!(
            "kept {} as it is: add a `### Step 1: the first step` section to it (the \
             step's `chapter` anchor in course.toml points there)",
            kept.display()
        );
    }
    if plan.summary_line {
        println!("added the chapter to book/src/SUMMARY.md");
    }
    println!();
    println!("next: fill it in as CONTRIBUTING.md says (from \"2. The demo crate\"); check with:");
    println!("  cargo xtask check {}", lesson.number);
    println!(
        "  cargo clippy -p lesson-{0} -p exercises-{0} -p solutions-{0} --all-targets -- -D warnings",
        lesson.number
    );
    Ok(true)
}

/// The names a lesson's files are made of.
#[derive(Debug, Clone)]
struct Names {
    /// `02`
    number: String,
    /// `gather-wait`
    topic: String,
    /// `gather_wait`: the library name shared by the exercise and solution crates.
    lib: String,
    /// `Gather wait`
    title: String,
}

/// What `run` writes.
struct Plan {
    files: Vec<(PathBuf, String)>,
    /// A chapter that existed already and is left alone.
    kept_chapter: Option<PathBuf>,
    /// Whether SUMMARY.md gained a line.
    summary_line: bool,
}

impl Names {
    fn new(number: &str, topic: &str) -> anyhow::Result<Self> {
        if number.len() != 2 || !number.bytes().all(|b| b.is_ascii_digit()) {
            bail!("the lesson number must be two digits, such as 02 (got `{number}`)");
        }
        let words: Vec<&str> = topic.split('-').collect();
        let well_formed = topic.starts_with(|c: char| c.is_ascii_lowercase())
            && words.iter().all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !well_formed {
            bail!(
                "the topic must be lower-case words joined by `-` and start with a letter, \
                 such as `threads` or `gather-wait` (got `{topic}`)"
            );
        }
        let mut title = words.join(" ");
        title[..1].make_ascii_uppercase();
        Ok(Self {
            number: number.to_string(),
            topic: topic.to_string(),
            lib: words.join("_"),
            title,
        })
    }

    fn folder(&self) -> String {
        format!("{}-{}", self.number, self.topic)
    }

    /// Every file to write, after checking that none of the lesson exists.
    fn files(&self, root: &Path) -> anyhow::Result<Plan> {
        let n = &self.number;
        for (dir, prefix) in [
            ("crates", format!("lesson-{n}-")),
            ("exercises", format!("{n}-")),
            ("solutions", format!("{n}-")),
        ] {
            if let Some(found) = entry_starting_with(&root.join(dir), &prefix)? {
                bail!(
                    "lesson {n} exists already: {dir}/{found} (new-lesson never overwrites; \
                     pick another number or remove it first)"
                );
            }
        }
        let chapter = PathBuf::from(format!("book/src/{}.md", self.folder()));
        let mut kept_chapter = None;
        if let Some(found) = entry_starting_with(&root.join("book/src"), &format!("{n}-"))? {
            if Path::new(&found) != chapter.file_name().map(Path::new).unwrap_or(Path::new("")) {
                bail!(
                    "book/src/{found} is lesson {n}'s chapter already, under another topic: \
                     use its topic or rename it first"
                );
            }
            kept_chapter = Some(chapter.clone());
        }

        let folder = self.folder();
        let demo = PathBuf::from("crates").join(format!("lesson-{folder}"));
        let exercises = PathBuf::from("exercises").join(&folder);
        let solutions = PathBuf::from("solutions").join(&folder);
        let mut files = vec![
            (demo.join("Cargo.toml"), self.fill(DEMO_MANIFEST)),
            (demo.join("src/lib.rs"), self.fill(DEMO_LIB)),
            (demo.join("src/idea.rs"), self.fill(DEMO_IDEA)),
            (demo.join("src/main.rs"), self.fill(DEMO_MAIN)),
            (demo.join("tests/cli.rs"), self.fill(DEMO_CLI_TEST)),
            (exercises.join("Cargo.toml"), self.fill(EXERCISES_MANIFEST)),
            (exercises.join("course.toml"), self.fill(COURSE_TOML)),
            (exercises.join("src/lib.rs"), self.fill(EXERCISES_LIB)),
            (exercises.join("src/s1_first.rs"), self.fill(STARTER)),
            (exercises.join("tests/s1_first.rs"), self.fill(STEP_TEST)),
            (solutions.join("Cargo.toml"), self.fill(SOLUTIONS_MANIFEST)),
            (solutions.join("src/lib.rs"), self.fill(SOLUTIONS_LIB)),
            (solutions.join("src/s1_first.rs"), self.fill(SOLUTION)),
            (
                solutions.join("wrong/s1_first/adds-the-numbers.rs"),
                self.fill(WRONG),
            ),
        ];
        if kept_chapter.is_none() {
            files.push((chapter.clone(), self.fill(CHAPTER)));
            files.push((
                PathBuf::from(format!("book/python/{}_{}.py", n, self.lib)),
                self.fill(PYTHON),
            ));
        }
        let summary = root.join("book/src/SUMMARY.md");
        let mut summary_line = false;
        if let Ok(text) = fs::read_to_string(&summary)
            && !text.contains(&format!("({folder}.md)"))
        {
            files.push((
                PathBuf::from("book/src/SUMMARY.md"),
                with_summary_line(&text, &format!("- [{n}. {}]({folder}.md)", self.title)),
            ));
            summary_line = true;
        }
        Ok(Plan {
            files,
            kept_chapter,
            summary_line,
        })
    }

    /// A template with its `@…@` names filled in.
    fn fill(&self, template: &str) -> String {
        template
            .replace("@NN@", &self.number)
            .replace("@TOPIC@", &self.topic)
            .replace("@FOLDER@", &self.folder())
            .replace("@LIB@", &self.lib)
            .replace("@TITLE@", &self.title)
    }
}

/// The first entry of `dir` whose name starts with `prefix`, if any (none when `dir`
/// does not exist).
fn entry_starting_with(dir: &Path, prefix: &str) -> anyhow::Result<Option<String>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    names.sort();
    Ok(names.into_iter().next())
}

/// SUMMARY.md with `line` after the last lesson line that sorts before it (the lessons
/// are listed in order), or at the end.
fn with_summary_line(summary: &str, line: &str) -> String {
    let mut lines: Vec<&str> = summary.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.starts_with("- [") && *l < line)
        .map_or(lines.len(), |i| i + 1);
    lines.insert(at, line);
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

const DEMO_MANIFEST: &str = r#"[package]
name = "lesson-@NN@"
description = "Lesson @NN@: @TITLE@ (the demo)"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
publish.workspace = true
license.workspace = true

[lib]
name = "lesson_@NN@"
path = "src/lib.rs"

[[bin]]
name = "lesson-@NN@"
path = "src/main.rs"

[dependencies]
clap.workspace = true
kit.workspace = true

[lints]
workspace = true
"#;

const DEMO_LIB: &str = r#"//! Lesson @NN@: @TITLE@.
//!
//! What the demo shows, how to run it (`cargo run -p lesson-@NN@`) and what to look for in
//! its output: write it here when the lesson's concepts are in place. One concept per
//! file beside this one; the chapter includes their `// ANCHOR:` regions.

pub mod idea;
"#;

const DEMO_IDEA: &str = r#"//! The lesson's first concept. The sum of squares is a placeholder from
//! `cargo xtask new-lesson`: replace it with the lesson's own code, and keep the anchors
//! the chapter includes.

// ANCHOR: idea
/// The sum of the squares of `1..=n`.
pub fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}
// ANCHOR_END: idea

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_add_up() {
        assert_eq!(sum_of_squares(0), 0);
        assert_eq!(sum_of_squares(3), 14);
    }
}
"#;

const DEMO_MAIN: &str = r#"//! `cargo run -p lesson-@NN@`: the demo's command line and its narration.

use clap::Parser;
use kit::cli::{in_range, parse_or_exit};
use lesson_@NN@::idea;

/// Lesson @NN@: @TITLE@.
#[derive(Debug, Parser)]
#[command(name = "lesson-@NN@", about = "Lesson @NN@: @TITLE@")]
struct Cli {
    /// How many numbers to work on
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = in_range(1u64, 1_000_000))]
    items: u64,
}

fn main() {
    // Bad input is one line on stderr and exit code 2 (see `kit::cli`).
    let cli: Cli = parse_or_exit();
    let total = idea::sum_of_squares(cli.items);
    println!("the squares of 1 to {} add up to {total}", cli.items);
}
"#;

const DEMO_CLI_TEST: &str = r#"//! The demo's command line: it runs with its defaults, and bad input is one line on
//! stderr with exit code 2.

use std::process::Command;

fn demo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lesson-@NN@"))
        .args(args)
        .output()
        .expect("the demo starts")
}

#[test]
fn the_defaults_run() {
    let out = demo(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty(), "the demo printed nothing");
}

#[test]
fn a_bad_value_is_one_line_and_exit_code_2() {
    for args in [&["--items", "0"][..], &["--itemz", "3"]] {
        let out = demo(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}
"#;

const EXERCISES_MANIFEST: &str = r#"[package]
name = "exercises-@NN@"
description = "Lesson @NN@ (@TITLE@): the exercises. Run `cargo test` in this folder"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
publish.workspace = true
license.workspace = true

[lib]
name = "@LIB@"
path = "src/lib.rs"

[dev-dependencies]
exercise-support.workspace = true

[lints]
workspace = true
"#;

const COURSE_TOML: &str = r#"# Lesson @NN@'s exercises, read by the course runner (`cargo course`) and the maintainer
# check (`cargo xtask check`). Step ids are stable: progress is stored under them, so
# rename a title freely but never an id.

lesson = "@NN@"
title = "@TITLE@"
# The package holding the starters (this folder) and the one holding the solutions
# (in `solutions/` under the same folder name).
package = "exercises-@NN@"
solution = "solutions-@NN@"

[[steps]]
id = "@NN@-first"
title = "The first step"
file = "src/s1_first.rs"
test = "s1_first"
chapter = "@FOLDER@.md#step-1-the-first-step"
hint = """
Square each number before adding it: 1, 4 and 9 for n = 3.
"""
"#;

const EXERCISES_LIB: &str = r#"//! Lesson @NN@, @TITLE@: the exercises.
//!
//! Each file `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run
//! `cargo test` in this folder until everything passes, or let `cargo course` guide you
//! step by step.

// Parameters stay unused until you fill in the `todo!()`s; without this, the starter
// would not pass the project's `clippy -D warnings`.
#![allow(unused_variables)]

pub mod s1_first;
"#;

const STARTER: &str = r#"//! Step 1: the first step.

/// The sum of the squares of `1..=n`.
pub fn sum_of_squares(n: u64) -> u64 {
    // TODO: add up `i * i` for every `i` from 1 to `n`.
    todo!("add up the squares from 1 to n")
}
"#;

const STEP_TEST: &str = r#"//! Step 1: `sum_of_squares` adds the squares, not the numbers.
//!
//! Every test calls `exercise_support::guide()` before the learner's code (or a helper
//! that does): a failure then prints without a backtrace and ends with the step's place
//! in the course.

use @LIB@::s1_first::sum_of_squares;

#[test]
fn the_squares_of_one_to_three_make_fourteen() {
    exercise_support::guide();
    let got = sum_of_squares(3);
    assert_eq!(
        got, 14,
        "1 + 4 + 9 = 14, got {got}: square each number before adding it"
    );
}

#[test]
fn nothing_to_add_makes_zero() {
    exercise_support::guide();
    assert_eq!(sum_of_squares(0), 0, "no numbers add up to 0");
}
"#;

const SOLUTIONS_MANIFEST: &str = r#"[package]
name = "solutions-@NN@"
description = "Lesson @NN@ (@TITLE@): worked solutions, tested by the exercise crate's own tests"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
publish.workspace = true
license.workspace = true
autotests = false

# Same library name as the starter (`exercises-@NN@`), so the one set of tests in
# `exercises/@FOLDER@/tests` compiles against either crate.
[lib]
name = "@LIB@"
path = "src/lib.rs"

[dev-dependencies]
exercise-support.workspace = true

[[test]]
name = "s1_first"
path = "../../exercises/@FOLDER@/tests/s1_first.rs"

[lints]
workspace = true
"#;

const SOLUTIONS_LIB: &str = r#"//! Lesson @NN@, @TITLE@: worked solutions of the exercises in `exercises/@FOLDER@`,
//! tested by that crate's tests.

pub mod s1_first;
"#;

const SOLUTION: &str = r#"//! Step 1: the first step.

/// The sum of the squares of `1..=n`.
pub fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}
"#;

const WRONG: &str = r#"//! Wrong: adds the numbers instead of their squares
//! Expect: square each number before adding it

// ANCHOR: mistake
/// The sum of the squares of `1..=n`.
pub fn sum_of_squares(n: u64) -> u64 {
    (1..=n).sum()
}
// ANCHOR_END: mistake
"#;

const CHAPTER: &str = r#"# @NN@. @TITLE@

How the Python talks present the idea comes first, with a short Python twin that we wrote.

## The Python version

```python
{{#include ../python/@NN@_@LIB@.py}}
```

## The Rust version

```rust
{{#include ../../crates/lesson-@FOLDER@/src/idea.rs:idea}}
```

Run it with `cargo run -p lesson-@NN@` (`--help` lists its options).

## Measured

The lesson's numbers, with the command and the machine that produced them.

## Exercises

Run `cargo course` to work through them, step by step.

### Step 1: the first step

Write `sum_of_squares` in `exercises/@FOLDER@/src/s1_first.rs`.

## When to use this, and when not
"#;

const PYTHON: &str = r#""""Lesson @NN@'s Python twin: what the Rust demo does, in the standard library."""


def sum_of_squares(n: int) -> int:
    return sum(i * i for i in range(1, n + 1))


if __name__ == "__main__":
    print(f"the squares of 1 to 4 add up to {sum_of_squares(4)}")
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_derived() {
        let names = Names::new("02", "gather-wait").unwrap();
        assert_eq!(names.lib, "gather_wait");
        assert_eq!(names.title, "Gather wait");
        assert_eq!(names.folder(), "02-gather-wait");
        for (number, topic) in [
            ("2", "threads"),
            ("0a", "threads"),
            ("02", "Threads"),
            ("02", "2threads"),
            ("02", "gather--wait"),
            ("02", "threads-"),
            ("02", ""),
        ] {
            assert!(Names::new(number, topic).is_err(), "{number} {topic}");
        }
    }

    #[test]
    fn the_summary_line_goes_in_lesson_order() {
        let summary = "# Summary\n\n# Lessons\n\n- [00. A](00-a.md)\n- [03. C](03-c.md)\n";
        assert_eq!(
            with_summary_line(summary, "- [01. B](01-b.md)"),
            "# Summary\n\n# Lessons\n\n- [00. A](00-a.md)\n- [01. B](01-b.md)\n- [03. C](03-c.md)\n"
        );
    }

    #[test]
    fn an_existing_lesson_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for taken in [
            "exercises/02-threads",
            "crates/lesson-03-processes",
            "solutions/04-x",
        ] {
            fs::create_dir_all(root.join(taken)).unwrap();
        }
        for (number, topic, says) in [
            ("02", "locks", "exercises/02-threads"),
            ("03", "processes", "crates/lesson-03-processes"),
            ("04", "coroutines", "solutions/04-x"),
        ] {
            let err = run(root, number, topic).unwrap_err().to_string();
            assert!(
                err.contains("exists already") && err.contains(says),
                "{err}"
            );
        }
        fs::create_dir_all(root.join("book/src")).unwrap();
        fs::write(root.join("book/src/05-event-loop.md"), "# 05\n").unwrap();
        let err = run(root, "05", "loops").unwrap_err().to_string();
        assert!(err.contains("book/src/05-event-loop.md"), "{err}");
        assert!(
            !root.join("crates/lesson-05-loops").exists(),
            "nothing written"
        );
    }
}
