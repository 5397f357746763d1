//! The course runner: `cargo course` guides you through the exercises, step by step.
//!
//! Run it from anywhere inside the course workspace:
//!
//! - `cargo course` (or `cargo course watch`): opens the first step you have not solved,
//!   shows the chapter section to read and the file to edit, and re-checks the step each
//!   time you save. Keys: `h` hint, `l` list, `n` next step, `r` re-run, `q` quit.
//! - `cargo course list`, `verify [ID]`, `hint [ID]`, `reset ID`, `solution ID`, `book`.
//!
//! What to look for: the result of a check arrives about a second after you save, and
//! it shows compiler errors first, then each failing assertion once. Your progress is
//! kept in `.course-state.json` at the workspace root (git-ignored).

mod book;
mod commands;
mod interrupt;
mod progress;
mod watch;

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use course::check::{self, Control, Report};
use course::meta::{Course, Lesson, Step};
use course::starter;
use course::state::{BAD_FILE, STATE_FILE, State};
use course::testrun::DEFAULT_TIMEOUT;
use kit::cli::{in_range, parse_or_exit, usage_error};

#[derive(Debug, Parser)]
#[command(
    name = "course",
    about = "Work through the course's exercises, one step at a time",
    long_about = "Work through the course's exercises, one step at a time.\n\n\
        With no command, opens the first step you have not solved and re-checks it each \
        time you save (the same as `course watch`). Progress is kept in \
        .course-state.json at the workspace root.",
    after_help = "Run it with `cargo course [COMMAND]` from anywhere inside the workspace."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    watch: WatchArgs,
    /// Seconds a step's tests may run before they are stopped and reported as a likely
    /// deadlock or blocking call
    #[arg(long, global = true, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT.as_secs(),
          value_parser = in_range(1u64, 600))]
    timeout: u64,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the first unsolved step and re-check it on every save (the default)
    #[command(
        long_about = "Open the first unsolved step and re-check it on every save.\n\n\
        Shows the step's title, the chapter section to read and the file to edit, then \
        builds and tests that one step each time a file of its lesson is saved. When the \
        step passes, moves on to the next unsolved one.\n\n\
        Keys: h hint, l list, n next step, r (or Enter) re-run, q (or Ctrl-C) quit.\n\
        When standard input is not a terminal, type the key and Enter instead."
    )]
    Watch(WatchArgs),
    /// List every step with its status and your overall progress
    List,
    /// Check one step, one lesson or every step, and report
    #[command(
        long_about = "Check one step, one lesson or every step, and report.\n\n\
        Builds and runs each step's tests, records the results in your progress file and \
        ends with a line `N passed, N failed`. Exits with 0 when everything checked \
        passes, 1 when something fails, 2 on bad input."
    )]
    Verify {
        /// A step id (`01-join`), a lesson (`01`); all steps when left out
        id: Option<String>,
    },
    /// Show a step's hint (the current step's when no id is given)
    Hint {
        /// The step id, as shown by `course list`; the first step you have not solved
        /// when left out
        id: Option<String>,
    },
    /// Restore a step's starter file, discarding your edits to it
    #[command(
        long_about = "Restore a step's starter file, discarding your edits to it.\n\n\
        The starter is read from git: from your branch's upstream (the course's remote \
        branch, which never holds your own commits) when it has one, else from the \
        commit you had when you first ran the runner (noted in your progress file), \
        else from HEAD; it says which. Only that one file is written, and the step is \
        marked not started. Asks before discarding edits unless --yes is given."
    )]
    Reset {
        /// The step id, as shown by `course list`
        id: String,
        /// Discard your edits without asking
        #[arg(long, short)]
        yes: bool,
    },
    /// Show a step's solution, once you have passed it
    Solution {
        /// The step id, as shown by `course list`
        id: String,
        /// Show it even though the step has not passed yet
        #[arg(long)]
        force: bool,
    },
    /// Build the book and print where the current step's section is
    #[command(
        long_about = "Build the book and print where the current step's section is.\n\n\
        Runs `mdbook build book` (install mdbook once with `cargo install --locked mdbook \
        --version 0.5.4`), then prints the rendered page of the step you are on (the \
        first unsolved one, or ID) as a path and as a file:// URL to open in a browser. \
        From then on the runner's `read` line points at the rendered page."
    )]
    Book {
        /// A step id; the first step you have not solved when left out
        id: Option<String>,
    },
}

impl Command {
    /// The subcommand as typed.
    fn name(&self) -> &'static str {
        match self {
            Command::Watch(_) => "watch",
            Command::List => "list",
            Command::Verify { .. } => "verify",
            Command::Hint { .. } => "hint",
            Command::Reset { .. } => "reset",
            Command::Solution { .. } => "solution",
            Command::Book { .. } => "book",
        }
    }
}

#[derive(Debug, Clone, Args)]
struct WatchArgs {
    /// Don't watch files: re-check when you press r or Enter (for file systems where
    /// watching does not work)
    #[arg(long)]
    manual: bool,
    /// Open this step instead of the first unsolved one
    #[arg(long, value_name = "ID")]
    step: Option<String>,
}

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    // The watch options belong to watch mode: `course --manual list` would otherwise drop
    // --manual without a word. (clap's `args_conflicts_with_subcommands` would refuse
    // `course --timeout 5 list` too, as --timeout is one of those arguments.)
    if let Some(command) = &cli.command
        && !matches!(command, Command::Watch(_))
        && (cli.watch.manual || cli.watch.step.is_some())
    {
        let flag = if cli.watch.manual {
            "--manual"
        } else {
            "--step"
        };
        usage_error(format!(
            "{flag} belongs to watch mode (`course {flag} …` or `course watch {flag} …`), \
             not to `course {}`",
            command.name()
        ));
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line, whatever the error: a learner should see what is wrong at once.
            let message = format!("{err:#}");
            let message: Vec<&str> = message.split_whitespace().collect();
            eprintln!("error: {}", message.join(" "));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let course = Course::discover(&std::env::current_dir()?)?;
    if course.steps().next().is_none() {
        anyhow::bail!(
            "the course at {} has no exercise steps yet",
            course.root.display()
        );
    }
    let timeout = Duration::from_secs(cli.timeout);
    let command = cli.command.unwrap_or(Command::Watch(cli.watch));
    match command {
        Command::Watch(args) => watch::run(&course, &args, timeout),
        Command::List => commands::list(&course),
        Command::Verify { id } => commands::verify(&course, id.as_deref(), timeout),
        Command::Hint { id } => commands::hint(&course, id.as_deref()),
        Command::Reset { id, yes } => commands::reset(&course, &id, yes),
        Command::Solution { id, force } => commands::solution(&course, &id, force),
        Command::Book { id } => book::run(&course, id.as_deref()),
    }
}

/// Finds a step by id, or fails with a line that says where the ids are listed.
fn find_step<'c>(course: &'c Course, id: &str) -> anyhow::Result<(&'c Lesson, &'c Step)> {
    course.step(id).ok_or_else(|| {
        anyhow::anyhow!("unknown step `{id}` (`cargo course list` shows every step id)")
    })
}

/// Checks one step: [`check::steps`] for a single step.
fn check_one(
    course: &Course,
    lesson: &Lesson,
    step: &Step,
    timeout: Duration,
    control: &Control,
) -> anyhow::Result<Report> {
    check::steps(course, lesson, &[step], timeout, control)?
        .pop()
        .context("the check of one step made no report")
}

/// Loads the progress file. An unreadable one is reported in one line on stderr and
/// set aside; the first run notes the commit the learner starts from (for `reset`).
fn load_state(course: &Course) -> anyhow::Result<State> {
    let (state, warning) = load_state_quietly(course)?;
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
    Ok(state)
}

/// [`load_state`], handing the warning back instead of printing it (the watch screen
/// shows it, as printing would be wiped by the first frame).
fn load_state_quietly(course: &Course) -> anyhow::Result<(State, Option<String>)> {
    let (state, unreadable) = State::load(&course.root);
    let warning = unreadable.map(|why| {
        format!(
            "the progress file {STATE_FILE} could not be read ({why}); it is kept as \
             {BAD_FILE} and a new one is started (`cargo course verify` finds the steps you \
             had solved)"
        )
    });
    let head = match state.starter_commit {
        None => starter::head_commit(&course.root),
        Some(_) => None,
    };
    if warning.is_none() && head.is_none() {
        return Ok((state, None));
    }
    // Through `update`: it sets the unreadable file aside, and keeps whatever another
    // runner wrote meanwhile.
    let state = State::update(&course.root, |s| {
        if let Some(head) = head {
            s.starter_commit.get_or_insert(head);
        }
    })?;
    Ok((state, warning))
}

/// A path inside the workspace, written from the root (`exercises/01-…/src/s1.rs`).
fn shown(course: &Course, path: &std::path::Path) -> String {
    path.strip_prefix(&course.root)
        .unwrap_or(path)
        .display()
        .to_string()
}
