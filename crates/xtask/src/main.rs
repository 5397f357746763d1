//! Maintainer chores, run as `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! - `cargo xtask test`: the README's test command. Runs `cargo test` (lessons, shared
//!   crates, solutions), the book's static check (includes, Rust blocks, links), then
//!   `check`.
//! - `cargo xtask check [LESSON]`: proves the exercises prove themselves: every step's
//!   tests fail on the starter as committed, pass on the solution, and reject each of
//!   the step's known wrong answers (`solutions/NN-topic/wrong/`) with the message it is
//!   known by; every step has a `// TODO`, a hint and a chapter page that exists;
//!   solutions pass clippy and rustfmt.
//!
//! - `cargo xtask book`: the book's static check, the build with mdbook, then the built
//!   book's heading ids and print page.
//! - `cargo xtask browser`: builds the book, then opens every page in headless Chromium
//!   (console errors, images, search, a screenshot). CI runs it.
//! - `cargo xtask timelines [NN] [--out DIR]`: redraws every timeline picture of the
//!   book from real runs of the demos.
//! - `cargo xtask bench-loop [ID]`: times the runner's loop (save → verdict) on a scratch
//!   copy of the step's lesson; the README's and the book's figures come from it.
//! - `cargo xtask new-lesson NN topic`: the skeleton of a new lesson (demo crate,
//!   exercise and solution crates with one step, chapter stub); refuses to overwrite.
//!
//! The check ends with one line, `N passed, N failed`, and exits non-zero on any failure.

mod bench;
mod book;
mod book_check;
mod browser;
mod check;
mod new_lesson;
mod scratch;
mod timelines;

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
    /// Run every test: `cargo test` on the lessons, shared crates and solutions, the
    /// book's static check, then `check`.
    Test(CheckArgs),
    /// Check that each exercise step fails as committed, passes with its solution and
    /// rejects its known wrong answers.
    Check(CheckArgs),
    /// Check the book (includes, Rust blocks, links), build it with mdbook, then check
    /// the built heading ids and the print page.
    Book,
    /// Build the book, serve it on 127.0.0.1 and open every page in headless Chromium:
    /// no console errors, every image loads, search finds a term; saves a screenshot
    #[command(
        long_about = "Build the book, then open every page in a real browser.\n\n\
        Runs `cargo xtask book`, serves book/book on 127.0.0.1, and drives headless \
        Chromium (Debian's package: `sudo apt-get install chromium`; CHROMIUM=path picks \
        another) through the DevTools protocol. Each page of the summary and the print \
        page must load without a console error, an uncaught exception or a failed \
        request, with every image loaded; a search for a term must list the chapter \
        that teaches it. A screenshot of lesson 05's chapter goes to target/browser/."
    )]
    Browser {
        /// Use the book already built in book/book instead of building it
        #[arg(long)]
        no_build: bool,
    },
    /// Redraw every timeline picture of the book from real runs of the demos (release)
    #[command(
        long_about = "Redraw every timeline picture of the book from real runs.\n\n\
        Builds the ten demos with --release, runs each with the flags the book's pictures \
        come from and its output folder (--svg, or lesson 09's --out), and checks that each \
        wrote every file xtask's timelines::SOURCES lists. Writes into book/src/img unless \
        --out says otherwise. Takes a few minutes (lesson 09's shootout is most of it); \
        the pictures show this machine's timings, so run it on an idle machine."
    )]
    Timelines {
        /// Write here instead of book/src/img (one folder per lesson inside it)
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
        /// Only this lesson (its number, e.g. 05)
        lesson: Option<String>,
    },
    /// Time the course runner's loop, from a save to the verdict, on a scratch copy.
    #[command(
        long_about = "Time the course runner's loop, from a save to the verdict.\n\n\
        Copies the step's lesson to a temporary workspace (the real files are never \
        edited), checks the step once to warm up, then edits its file RUNS times, waits \
        for the file watcher to notice each save, re-checks the step as `cargo course` \
        does, and reports the median and the time spent in each part. Builds go to \
        target/bench-loop (the first run compiles the lesson's dependencies there)."
    )]
    BenchLoop {
        /// The step to time (the first step of the course when left out)
        id: Option<String>,
        /// How many edits to time
        #[arg(long, default_value_t = 10, value_parser = in_range(1usize, 100))]
        runs: usize,
        /// What each edit does to the file
        #[arg(long, value_enum, default_value_t = bench::Edit::Comment)]
        edit: bench::Edit,
        /// Seconds one test run may take before it is stopped
        #[arg(long, default_value_t = 15, value_parser = in_range(1u64, 600))]
        timeout: u64,
    },
    /// Create the skeleton of lesson NN: demo crate, exercises and solutions with one
    /// step, chapter stub
    #[command(long_about = "Create the skeleton of lesson NN.\n\n\
        Writes crates/lesson-NN-TOPIC (the demo, package lesson-NN), exercises/NN-TOPIC \
        and solutions/NN-TOPIC (one step, its test, its course.toml, one known wrong \
        answer) and, unless it exists, the chapter book/src/NN-TOPIC.md with its Python \
        twin. Every file compiles and passes rustfmt and clippy as written; \
        `cargo xtask check NN` passes on it. Refuses to touch a lesson that exists. \
        CONTRIBUTING.md says what to do next.")]
    NewLesson {
        /// The lesson's number, two digits (`02`)
        number: String,
        /// The topic, lower case words joined by `-` (`threads`)
        topic: String,
    },
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
        Task::Test(args) => cargo_test()
            .and_then(|tests| Ok(vec![tests, book_section()?]))
            .and_then(|leading| run_check(&args, leading)),
        Task::Check(args) => run_check(&args, Vec::new()),
        Task::Timelines { out, lesson } => {
            workspace_root().and_then(|root| timelines::run(&root, out, lesson.as_deref()))
        }
        Task::Book => workspace_root().and_then(|root| book::run(&root)),
        Task::Browser { no_build } => workspace_root().and_then(|root| {
            let built = no_build || book::run(&root)?;
            Ok(built && browser::run(&root)?)
        }),
        Task::BenchLoop {
            id,
            runs,
            edit,
            timeout,
        } => workspace_root().and_then(|root| {
            let course = course::meta::Course::load(&root)?;
            let settings = bench::Settings {
                id,
                runs,
                edit,
                timeout: Duration::from_secs(timeout),
            };
            bench::run(&course, &settings)
        }),
        Task::NewLesson { number, topic } => {
            workspace_root().and_then(|root| new_lesson::run(&root, &number, &topic))
        }
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

/// The book's static check as one section of the report: it needs no mdBook, so it
/// belongs to the test command every machine can run.
fn book_section() -> anyhow::Result<check::Section> {
    let report = book_check::check(&workspace_root()?)?;
    book::print_report(&report);
    let result = if report.problems.is_empty() {
        Ok(String::new())
    } else {
        Err(format!(
            "{} problem(s), listed above under `broken:`",
            report.problems.len()
        ))
    };
    Ok((
        "the book".to_string(),
        vec![check::Check::new(
            format!(
                "{} includes resolve, {} Rust blocks are tested, {} internal links resolve",
                report.includes, report.rust_blocks, report.links
            ),
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
