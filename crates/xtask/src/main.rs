//! Maintainer chores, run as `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! - `cargo xtask test`: the README's test command. Runs `cargo test` (lessons, shared
//!   crates, solutions), then `check`.
//! - `cargo xtask check [LESSON]`: proves the exercises prove themselves: every step's
//!   tests fail on the starter as committed, pass on the solution, and reject each of
//!   the step's known wrong answers (`solutions/NN-topic/wrong/`) with the message it is
//!   known by; every step has a `// TODO`, a hint and a chapter page that exists;
//!   solutions pass clippy and rustfmt.
//!
//! - `cargo xtask book`: checks every `{{#include}}` of the book, then builds it.
//!
//! The check ends with one line, `N passed, N failed`, and exits non-zero on any failure.

mod book;
mod check;
mod scratch;

use std::process::{Command, ExitCode};
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit};

#[derive(Debug, Parser)]
#[command(about = "Maintainer chores for the course workspace")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Run every test: `cargo test` on the lessons, shared crates and solutions, then `check`.
    Test(CheckArgs),
    /// Check that each exercise step fails as committed, passes with its solution and
    /// rejects its known wrong answers.
    Check(CheckArgs),
    /// Check every `{{#include}}` of the book, then build it with mdbook.
    Book,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Only this lesson (its number, e.g. 01, or its folder name).
    lesson: Option<String>,
    /// Seconds one test binary may run before it is reported as a likely deadlock.
    #[arg(long, default_value_t = 15, value_parser = in_range(1u64, 600))]
    timeout: u64,
}

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    let result = match cli.command {
        // Both halves run even when the first fails, and the closing line counts both.
        Task::Test(args) => cargo_test().and_then(|tests| run_check(&args, vec![tests])),
        Task::Check(args) => run_check(&args, Vec::new()),
        Task::Book => workspace_root().and_then(|root| book::run(&root)),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run_check(args: &CheckArgs, leading: Vec<check::Section>) -> anyhow::Result<bool> {
    let course = course::meta::Course::discover(&workspace_root()?)?;
    check::run(
        &course,
        args.lesson.as_deref(),
        Duration::from_secs(args.timeout),
        leading,
    )
}

/// Runs `cargo test` over the lessons, the shared crates and the solutions, and reports
/// it as one section of the check. Not the exercise crates: a plain `cargo test` at the
/// root is the learner's command and tests those, which fail until solved; the check
/// proves them as committed instead.
fn cargo_test() -> anyhow::Result<check::Section> {
    println!("==> cargo test (lessons, shared crates, solutions)");
    let status = Command::new(course::testrun::cargo())
        .args(["test", "--workspace", "--exclude", "exercises-*"])
        .current_dir(workspace_root()?)
        .status()?;
    let result = if status.success() {
        Ok(String::new())
    } else {
        Err(format!("cargo test failed ({status}); its output is above"))
    };
    Ok((
        "cargo test".to_string(),
        vec![check::Check::new(
            "lessons, shared crates and solutions pass",
            result,
        )],
    ))
}

fn workspace_root() -> anyhow::Result<std::path::PathBuf> {
    let here = std::env::current_dir()?;
    course::meta::find_root(&here).ok_or_else(|| {
        anyhow::anyhow!(
            "run this inside the course workspace (no exercises/ at or above {})",
            here.display()
        )
    })
}
