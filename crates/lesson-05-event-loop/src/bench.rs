//! `lesson-05 bench`: our loop beside tokio, smol and async-std, in one run.
//!
//! Four micro-benchmarks, each the same generic code on every runtime
//! (`lesson_05::runtimes::bench`): spawning tasks, a ping-pong of wakes between two
//! tasks, many timers, and echo round trips over loopback TCP. Each is run `--runs`
//! times on a fresh runtime; the table shows the median, per operation.

use std::path::PathBuf;
use std::time::Duration;

use clap::CommandFactory;
use clap::parser::ValueSource;
use kit::cli::in_range;
use kit::measure::{Align, Summary, Table, repeat};
use lesson_05::runtimes::bench as b;
use lesson_05::runtimes::{AsyncStd, Ours, Runtime, Smol, TokioCurrentThread, TokioMultiThread};

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Runs per benchmark and runtime; the median is reported.
    #[arg(long, default_value_t = 5, value_parser = in_range(1usize, 50))]
    runs: usize,
    /// Tasks spawned (and awaited) by the spawn benchmark.
    #[arg(long, default_value_t = 100_000, value_parser = in_range(1usize, 2_000_000))]
    spawns: usize,
    /// Hand-offs in the ping-pong benchmark.
    #[arg(long, default_value_t = 100_000, value_parser = in_range(1usize, 2_000_000))]
    pings: usize,
    /// Timers (each a task sleeping 1 to 10 ms) in the timer benchmark.
    #[arg(long, default_value_t = 100_000, value_parser = in_range(1usize, 1_000_000))]
    timers: usize,
    /// Concurrent echo clients.
    #[arg(long, default_value_t = 50, value_parser = in_range(1usize, 1_000))]
    clients: usize,
    /// Round trips of 64 bytes per echo client.
    #[arg(long, default_value_t = 200, value_parser = in_range(1usize, 100_000))]
    rounds: usize,
    // The story's global flags, which bench does not use. clap copies a global flag into
    // every subcommand that has no flag of that id, so `bench --help` would list them;
    // declared here, hidden (with the same types, because clap passes global values down
    // into them), they stay out of bench's help. `main` refuses them when given, so
    // nobody believes `bench --counts 9` changed anything. Never read.
    #[arg(long = "counts", id = "counts", hide = true, value_parser = in_range(1usize, 50))]
    _counts: Option<usize>,
    #[arg(long = "delay-ms", id = "delay_ms", hide = true, value_parser = in_range(1u64, 2_000))]
    _delay_ms: Option<u64>,
    #[arg(long = "svg", id = "svg", hide = true)]
    _svg: Option<PathBuf>,
    #[arg(long = "present", id = "present", hide = true)]
    _present: bool,
}

/// The story's sizes, which `bench` does not use: the first one given on the command line
/// (before or after `bench`), if any. (`--svg` and `--present` need no such search: their
/// values, `None` and `false` unless given, are in the parsed struct.)
pub fn story_flag_given<C: CommandFactory>() -> Option<&'static str> {
    // The arguments were parsed once already (they are valid); parsing them again as
    // matches tells where each value came from, which the derived struct forgets: a
    // `--counts 3` typed by hand from the default 3.
    let matches = C::command().try_get_matches().ok()?;
    let bench = matches.subcommand_matches("bench")?;
    [("counts", "--counts"), ("delay_ms", "--delay-ms")]
        .into_iter()
        .find(|(id, _)| bench.value_source(id) == Some(ValueSource::CommandLine))
        .map(|(_, flag)| flag)
}

/// One benchmark: its name, the unit of its per-operation figure, the operations per
/// run, and how to run it once on runtime `R`.
struct Bench {
    name: &'static str,
    unit: &'static str,
    ops: usize,
}

pub fn run(args: &BenchArgs) {
    let benches = [
        Bench {
            name: "spawn + join a task",
            unit: "ns",
            ops: args.spawns,
        },
        Bench {
            name: "ping-pong hand-off",
            unit: "ns",
            ops: args.pings,
        },
        Bench {
            name: "100k timers (1-10 ms)",
            unit: "ms",
            ops: 1,
        },
        Bench {
            name: "echo round trip",
            unit: "µs",
            ops: args.clients * args.rounds,
        },
    ];
    println!(
        "Each figure is the median of {} runs, per operation; building the runtime is not timed.",
        args.runs
    );
    println!(
        "spawn: {} tasks; ping-pong: {} hand-offs; timers: {} tasks sleeping 1-10 ms (the \
         whole run); echo: {} clients × {} round trips of 64 bytes.",
        args.spawns, args.pings, args.timers, args.clients, args.rounds
    );
    println!();
    let mut table = Table::new([
        "benchmark",
        Ours::NAME,
        TokioCurrentThread::NAME,
        TokioMultiThread::NAME,
        Smol::NAME,
        AsyncStd::NAME,
        "ours ÷ tokio ct (goal ≤ 1.5)",
    ]);
    table.align(0, Align::Left);
    for (index, bench) in benches.iter().enumerate() {
        eprintln!("    measuring {}…", bench.name);
        let medians = [
            measure::<Ours>(index, args),
            measure::<TokioCurrentThread>(index, args),
            measure::<TokioMultiThread>(index, args),
            measure::<Smol>(index, args),
            measure::<AsyncStd>(index, args),
        ];
        let per_op = |d: Duration| {
            let per = d.as_secs_f64() / bench.ops as f64;
            match bench.unit {
                "ns" => format!("{:.0} ns", per * 1e9),
                "µs" => format!("{:.1} µs", per * 1e6),
                _ => format!("{:.1} ms", per * 1e3),
            }
        };
        let ratio = medians[0].as_secs_f64() / medians[1].as_secs_f64();
        let verdict = if ratio <= 1.5 { "met" } else { "missed" };
        let mut row = vec![bench.name.replace("100k", &short(args.timers))];
        row.extend(medians.iter().map(|m| per_op(*m)));
        row.push(format!("{ratio:.2} ({verdict})"));
        table.row(row);
    }
    for line in table.to_string().lines() {
        println!("    {line}");
    }
    println!();
    println!(
        "Rerun with `cargo run --release -p lesson-05 -- bench` (close other programs first)."
    );
}

/// "100k" for 100000.
fn short(n: usize) -> String {
    if n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn measure<R: Runtime>(index: usize, args: &BenchArgs) -> Duration {
    let summary: Summary = repeat(args.runs, || match index {
        0 => R::block_on(b::spawn_many::<R>(args.spawns)),
        1 => R::block_on(b::ping_pong::<R>(args.pings)),
        2 => R::block_on(b::timers::<R>(args.timers)),
        _ => R::block_on(b::echo::<R>(args.clients, args.rounds)),
    });
    summary.median
}
