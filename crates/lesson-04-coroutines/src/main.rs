//! Lesson 04: coroutines from generators.
//!
//! A coroutine is a function that can stop in the middle, hand a value out, and later be
//! resumed where it stopped, with a value handed in. The demo builds one four ways:
//!
//! 1. `range`: Python's "jumping range" generator written by hand as a state machine
//!    with `resume(jump) -> Yielded(index) | Complete(count)`, and used as an `Iterator`;
//! 2. `generator`: the same range as straight-line `async` code, driven by a tiny
//!    generator library (`Gen`) that polls with a no-op waker, and a lazy pipeline;
//! 3. `sizes`: `size_of` of a few futures: the compiler's state machines, measured;
//! 4. `schedule`: several coroutines taken in turns by a round-robin scheduler, drawn as
//!    a timeline, against the same coroutines run one after another.
//!
//! Run it with `cargo run -p lesson-04` (every part, a second or two), or pick one:
//! `cargo run -p lesson-04 -- schedule --coroutines 4`. `bench` measures one resume:
//! `cargo run --release -p lesson-04 -- bench`. For giving the talk, `--present` waits for
//! Enter before each part.
//!
//! What to look for: a value sent in changes the very next value out; nothing of a
//! generator runs until it is resumed; and in the schedule, the coroutines take turns on
//! one thread but finish no sooner than one after another: coroutines alone are not
//! concurrency of anything but turns.

mod bench;
mod coroutine;
mod generator;
mod jumping;
mod schedule;
mod sizes;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{millis, time};
use kit::present::{self, PresentArgs};
use kit::timeline::{Rows, Timeline};

use crate::coroutine::CoroutineState;
use crate::generator::{BoxGen, Gen, jumping_range};
use crate::jumping::JumpingRange;
use crate::schedule::{Coroutines, Scheduler};

#[derive(Debug, Parser)]
#[command(
    name = "lesson-04",
    about = "Coroutines from generators: a resumable function, by hand and on async/await",
    after_help = "With no command, runs every part of the story in order (a second or two)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// Also write the schedule's timelines as SVG pictures into this folder
    /// (the book's are made with `--svg book/src/img/04`).
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Copy, clap::Args)]
struct Sizes {
    /// Where the jumping range stops (it counts from 0).
    #[arg(long, global = true, default_value_t = 10, value_parser = in_range(1i64, 1_000))]
    up_to: i64,
    /// How many coroutines the scheduler takes turns between.
    #[arg(long, global = true, default_value_t = 3, value_parser = in_range(1usize, 12))]
    coroutines: usize,
    /// How many slices of work the first coroutine does (each next one does one fewer).
    #[arg(long, global = true, default_value_t = 4, value_parser = in_range(1usize, 20))]
    steps: usize,
    /// How long each slice of work takes, in milliseconds.
    #[arg(long, global = true, default_value_t = 20, value_parser = in_range(1u64, 200))]
    work_ms: u64,
}

#[derive(Debug, Subcommand)]
enum Part {
    /// The jumping range as a hand-written state machine, resumed with values sent in.
    Range,
    /// The same range as straight-line async code on a tiny generator library.
    Generator,
    /// `size_of` a few futures: what the compiler's state machines hold.
    Sizes,
    /// Several coroutines taken in turns by a round-robin scheduler.
    Schedule,
    /// Measure the cost of one resume, three ways.
    Bench(bench::BenchArgs),
}

fn main() {
    let cli: Cli = parse_or_exit();
    if let Some(Part::Bench(args)) = &cli.part {
        if cli.svg.is_some() {
            usage_error("bench draws no timelines: drop --svg");
        }
        if cli.present.present {
            usage_error("bench has no parts to present: drop --present");
        }
        bench::run(args);
        return;
    }
    present::init(&cli.present);
    if let Some(dir) = &cli.svg
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        usage_error(format!(
            "cannot create --svg folder {}: {err}",
            dir.display()
        ));
    }
    let parts = match cli.part {
        Some(part) => vec![part],
        None => vec![Part::Range, Part::Generator, Part::Sizes, Part::Schedule],
    };
    for part in &parts {
        match part {
            Part::Range => range_part(cli.sizes.up_to),
            Part::Generator => generator_part(cli.sizes.up_to),
            Part::Sizes => sizes_part(),
            Part::Schedule => schedule_part(&cli.sizes, cli.svg.as_ref()),
            Part::Bench(_) => unreachable!("main runs the bench before any part"),
        }
    }
    present::end();
}

/// What to send at each resume of the demo's range: mostly nothing, one jump ahead and
/// one jump back, so the reader sees a sent value change the very next one out.
fn script(resume: usize) -> Option<i64> {
    match resume {
        3 => Some(5),
        6 => Some(-3),
        _ => None,
    }
}

/// A part's title and what it does; with `--present`, a pause and a banner saying what
/// the room should watch for (`watch`) in place of the title.
fn header(title: &str, what: &str, watch: &str) {
    if !present::part(title, watch) {
        println!("{title}");
    }
    println!("    ({what})");
}

/// Every line of `text` indented by four spaces, like the narration.
fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

/// Resumes `resume` by the script until it completes, printing each exchange.
fn drive(mut resume: impl FnMut(Option<i64>) -> CoroutineState<i64, usize>) {
    for n in 1.. {
        let jump = script(n);
        let state = resume(jump);
        let sent = match jump {
            Some(j) => format!("resume(Some({j}))"),
            None => "resume(None)".to_string(),
        };
        println!("    {sent:<18} -> {state:?}");
        if let CoroutineState::Complete(_) = state {
            break;
        }
    }
}

fn range_part(up_to: i64) {
    header(
        "1. The jumping range, by hand",
        "a state machine: each resume runs from where it stopped to the next yield",
        "a value sent in with resume changes the very next value out: a jump of 5, then of -3",
    );
    let mut range = JumpingRange::new(up_to);
    drive(|jump| range.resume(jump));
    println!(
        "    resume(Some(-5))   -> {:?}   (finished stays finished)",
        range.resume(Some(-5))
    );
    let plain: Vec<i64> = JumpingRange::new(up_to).take(12).collect();
    println!("    as an Iterator (nothing sent): {plain:?}");
    println!();
}

fn generator_part(up_to: i64) {
    header(
        "2. The same range as async code, on a tiny generator library",
        "`co.yield_(index).await` suspends the body and returns the value sent in",
        "the same exchanges as part 1; then numbers made only when the consumer asks",
    );
    let mut range = jumping_range(up_to);
    drive(|jump| range.resume(jump));
    println!();
    println!("    A lazy pipeline: endless numbers -> keep the multiples of 3 -> take 3.");
    println!("    (each value is made only when the consumer asks for it)");
    let log = Rc::new(RefCell::new(Vec::new()));
    let numbers = naturals(Rc::clone(&log));
    let taken: Vec<u64> = numbers
        .filter(|n| n % 3 == 0)
        .take(3)
        .inspect(|n| log.borrow_mut().push(format!("took {n}")))
        .collect();
    println!("    {}", log.borrow().join(", "));
    println!("    took {taken:?} from a generator that never ends");
    println!();
}

// ANCHOR: naturals
/// 1, 2, 3, … for ever: fine, since nothing runs until someone asks for the next one.
fn naturals(log: Rc<RefCell<Vec<String>>>) -> BoxGen<u64, (), ()> {
    Gen::boxed(move |co| async move {
        for n in 1.. {
            log.borrow_mut().push(format!("made {n}"));
            co.yield_(n).await;
        }
    })
}
// ANCHOR_END: naturals

fn sizes_part() {
    header(
        "3. What the compiler's state machines hold",
        "an async block is an enum of its suspension points plus what lives across them",
        "a buffer kept across an .await is inside the future (1 KiB); one dropped before is not",
    );
    present::show(&indent(&bench::size_table().to_string()));
    println!("    (sizes from this build; another compiler version may lay them out differently)");
    println!();
}

fn schedule_part(sizes: &Sizes, svg: Option<&PathBuf>) {
    header(
        "4. Coroutines taken in turns by a round-robin scheduler",
        "one thread; each resume runs one slice of work, then the coroutine yields",
        "round robin interleaves the rows, one after another does not: the total time is the same",
    );
    let work = kit::work::calibrate(Duration::from_millis(sizes.work_ms));
    let names: Vec<String> = (0..sizes.coroutines)
        .map(|i| char::from(b'a' + u8::try_from(i).unwrap_or(0)).to_string())
        .collect();
    let make = || -> Coroutines {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let steps = sizes.steps.saturating_sub(i).max(1);
                (name.clone(), schedule::worker(name, steps, work))
            })
            .collect()
    };
    let runs: [(&str, &str, Scheduler); 2] = [
        ("round robin", "04-round-robin", schedule::round_robin),
        (
            "one after another",
            "04-one-after-another",
            schedule::one_after_another,
        ),
    ];
    for (what, picture, run) in runs {
        let timeline = Timeline::new();
        let (order, took) = time(|| run(make(), &timeline));
        present::show(&format!(
            "\n    {what}: {} in {}\n{}",
            order.join(" "),
            millis(took),
            indent(&timeline.render_text(Rows::Task, 56))
        ));
        if let Some(dir) = svg {
            let path = dir.join(format!("{picture}.svg"));
            let title = format!(
                "{} coroutines on one thread, {what} ({} ms slices)",
                sizes.coroutines, sizes.work_ms
            );
            match timeline.write_svg(&path, Rows::Task, &title) {
                Ok(()) => println!("    wrote {}", path.display()),
                Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
            }
        }
    }
    println!();
    println!("    Same work, same one thread, about the same total time: taking turns");
    println!("    changes the order, not the amount. Lesson 05 adds what makes it pay off:");
    println!("    coroutines that wait, and a loop that resumes only the ones that are ready.");
}
