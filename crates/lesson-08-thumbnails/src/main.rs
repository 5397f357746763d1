//! Lesson 08, the capstone: the thumbnail maker of the Python talks, done properly.
//!
//! A batch of images is downloaded from the course's local delay server
//! (`/image/{id}.png`), each is resized into three thumbnails with the `image` crate,
//! and the thumbnails are uploaded back (`/upload`). Five versions do the same job:
//!
//! 1. sequential: one image at a time, one thread;
//! 2. threads everywhere: a pool of OS threads, each doing all three stages;
//! 3. async everywhere: one task per image, resizing on the runtime's worker threads
//!    (the mistake: downloads and uploads stall while a worker resizes);
//! 4. the pipeline: async downloads and uploads, resizes on rayon, the stages joined
//!    by bounded channels (backpressure: memory bounded whatever the batch);
//! 5. a data-parallel batch: download all, resize all, upload all.
//!
//! Then a batch with bad input (a body that is not an image, a 404, a refused upload,
//! a stalled one) goes through the pipeline: every item is reported, with its reason.
//!
//! Run it with `cargo run --release -p lesson-08` (about 5 s; 10 s in a debug build,
//! which draws smaller pictures), or one part:
//! `cargo run --release -p lesson-08 -- pipeline --images 200` (a progress bar shows on
//! long runs). `bench` measures images per second and CPU use of every version:
//! `cargo run --release -p lesson-08 -- bench`. `--report DIR` writes the table and the
//! timelines; `--url` points it at another delay server. `--present` (on the story or one
//! part) is for giving the talk: a pause before each part until Enter, its number large,
//! what to watch for, and the timelines and tables paced for reading.
//!
//! What to look for: the CPU column (how many of the cores each version kept busy), the
//! "held" column (how many images were in memory at once), and in the async-everywhere
//! timeline, downloads stretched across the resizes of the thread they wait on.

mod bench;
mod cpu;
mod versions;
mod work;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use delay_server::{Config, DelayServer, ServerThread};
use indicatif::{ProgressBar, ProgressStyle};
use kit::cli::{in_range, parse_or_exit, usage_error};
use kit::measure::{Align, Table, secs};
use kit::present::{self, PresentArgs};
use kit::timeline::Rows;

use crate::versions::{Knobs, Watch};
use crate::work::{Item, Remote, Summary};

/// The images' default width. Our crates are not optimised in a debug build (only the
/// dependencies are), and the server's drawing is our code: a debug build draws smaller
/// pictures by default, so `cargo run -p lesson-08` still tells its story in seconds.
const DEFAULT_WIDTH: u32 = if cfg!(debug_assertions) { 480 } else { 1024 };

#[derive(Debug, Parser)]
#[command(
    name = "lesson-08",
    about = "The thumbnail pipeline: download, resize, upload, five ways, measured",
    after_help = "With no command, runs every version on a small batch, then a batch with \
                  bad input through the pipeline (about 5 s with --release)."
)]
struct Cli {
    #[command(subcommand)]
    part: Option<Part>,
    #[command(flatten)]
    sizes: Sizes,
    /// A running delay server to use instead of starting one (http://HOST:PORT).
    #[arg(long, global = true, value_name = "URL")]
    url: Option<String>,
    /// Write each version's timeline as an SVG picture into this folder
    /// (the book's are made with `--svg book/src/img/08`).
    #[arg(long, global = true, value_name = "DIR")]
    svg: Option<PathBuf>,
    /// Write the measured table (table.txt) and the timelines (SVG) into this folder.
    #[arg(long, global = true, value_name = "DIR")]
    report: Option<PathBuf>,
    #[command(flatten)]
    present: PresentArgs,
}

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Sizes {
    /// Images in the batch.
    #[arg(long, global = true, default_value_t = 12, value_parser = in_range(1usize, 100_000))]
    images: usize,
    /// Width of each downloaded image in pixels (the height is three quarters of it).
    #[arg(long, global = true, default_value_t = DEFAULT_WIDTH, value_parser = in_range(16u32, 4096))]
    width: u32,
    /// Downloads (and uploads) in flight at once.
    #[arg(long, global = true, default_value_t = 8, value_parser = in_range(1usize, 256))]
    limit: usize,
    /// Images each channel between two stages may hold.
    #[arg(long, global = true, default_value_t = 4, value_parser = in_range(1usize, 1024))]
    capacity: usize,
    /// Threads of the threads-everywhere version.
    #[arg(long, global = true, default_value_t = 8, value_parser = in_range(1usize, 256))]
    threads: usize,
    /// How long an upload may take before it counts as failed (and is retried once);
    /// a download may take ten times as long (it waits for the server to draw it).
    #[arg(long, global = true, default_value_t = 1000, value_parser = in_range(50u64, 60_000))]
    timeout_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Part {
    /// One image at a time, on one thread.
    Sequential,
    /// A pool of threads, each doing all three stages with blocking calls.
    Threads,
    /// One task per image; the resize runs on the runtime's own threads (the mistake).
    Async,
    /// Stages joined by bounded channels: async IO, resizes on rayon.
    Pipeline,
    /// Download all, then resize all (rayon), then upload all.
    Batch,
    /// A batch with bad input through the pipeline: every failure reported.
    Faults,
    /// Images per second and CPU use of every version, on the same batch.
    Bench(bench::BenchArgs),
}

/// The versions, in the order of the story.
pub const VERSIONS: [Part; 5] = [
    Part::Sequential,
    Part::Threads,
    Part::Async,
    Part::Pipeline,
    Part::Batch,
];

impl Part {
    fn title(self) -> &'static str {
        match self {
            Part::Sequential => "sequential",
            Part::Threads => "threads everywhere",
            Part::Async => "async everywhere (resize on the runtime)",
            Part::Pipeline => "pipeline (bounded channels, rayon)",
            Part::Batch => "data-parallel batch",
            Part::Faults => "pipeline, with bad input",
            Part::Bench(_) => "bench",
        }
    }

    /// What the version does, for the presenter's screen.
    fn pitch(self) -> &'static str {
        match self {
            Part::Sequential => "one image at a time, on one thread",
            Part::Threads => "a pool of threads, each doing all three stages",
            Part::Async => "one task per image, the resize on the runtime's own threads",
            Part::Pipeline => "stages joined by bounded channels, async IO, resizes on rayon",
            Part::Batch => "download all, then resize all (rayon), then upload all",
            Part::Faults => "bodies that are not images, 404s, refused and stalled uploads",
            Part::Bench(_) => "every version measured",
        }
    }

    /// What the room should watch for while the version runs.
    fn watch(self, knobs: Knobs) -> String {
        match self {
            Part::Sequential => {
                "one image held at a time, and at most one core's worth of CPU".to_string()
            }
            Part::Threads => format!(
                "{} threads with blocking calls: several images at once, up to {} held",
                knobs.threads, knobs.threads
            ),
            Part::Async => "the mistake: in the timeline by thread, each download stretches \
                            across the resizes of the thread it waits on"
                .to_string(),
            Part::Pipeline => "the timeline by stage: downloads, resizes and uploads at the same \
                               time, while the bounded channels cap the images held"
                .to_string(),
            Part::Batch => {
                "every image of the batch held at once, between the three steps".to_string()
            }
            Part::Faults => "every item accounted for: each failure named with its stage, its \
                             tries and its reason"
                .to_string(),
            Part::Bench(_) => String::new(),
        }
    }

    fn file(self) -> &'static str {
        match self {
            Part::Sequential => "08-sequential",
            Part::Threads => "08-threads",
            Part::Async => "08-async-everywhere",
            Part::Pipeline => "08-pipeline",
            Part::Batch => "08-batch",
            Part::Faults => "08-faults",
            Part::Bench(_) => "08-bench",
        }
    }
}

/// One measured run of one version.
#[derive(Debug, Clone)]
pub struct Run {
    pub part: Part,
    pub summary: Summary,
    pub took: Duration,
    pub cpu: Option<Duration>,
    pub max_held: usize,
    pub watch: Watch,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.summary.total() as f64 / self.took.as_secs_f64().max(1e-9)
    }
}

/// Where the demo's server is, and the server itself when the demo started it.
pub struct Setup {
    pub remote: Remote,
    pub knobs: Knobs,
    pub sizes: Sizes,
    _server: Option<ServerThread>,
}

impl Setup {
    fn new(cli: &Cli) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let (base, server) = match &cli.url {
            Some(url) => {
                let Some(rest) = url.strip_prefix("http://") else {
                    usage_error(format!("--url must start with http://, got '{url}'"));
                };
                if rest.trim_end_matches('/').is_empty() {
                    usage_error("--url needs a host: http://HOST:PORT");
                }
                (url.trim_end_matches('/').to_string(), None)
            }
            None => {
                // The server runs on a thread of its own, as a remote server would: the
                // versions' runtimes and pools never run its code.
                let config = Config {
                    max_stall: Duration::from_secs(5),
                    ..Config::default()
                };
                let server = DelayServer::start_blocking(config).unwrap_or_else(|err| {
                    eprintln!("error: cannot start the local delay server: {err}");
                    std::process::exit(1)
                });
                (server.url(""), Some(server))
            }
        };
        let sizes = cli.sizes;
        Self {
            remote: Remote {
                base: base.trim_end_matches('/').to_string(),
                timeout: Duration::from_millis(sizes.timeout_ms),
            },
            knobs: Knobs {
                limit: sizes.limit,
                capacity: sizes.capacity,
                threads: sizes.threads,
                cores,
            },
            sizes,
            _server: server,
        }
    }

    pub fn batch(&self, bad: bool) -> Vec<Item> {
        let (w, h) = (self.sizes.width, (self.sizes.width * 3 / 4).max(1));
        work::batch(self.sizes.images, w, h, bad)
    }

    /// Runs one version on `items`, measured.
    pub fn run(&self, part: Part, items: &[Item], progress: ProgressBar) -> Run {
        let watch = Watch::new(progress);
        let cpu_before = cpu::used();
        let start = Instant::now();
        let (remote, knobs) = (&self.remote, self.knobs);
        let summary = match part {
            Part::Sequential => versions::sequential(remote, items, &watch),
            Part::Threads => versions::threads(remote, items, knobs, &watch),
            Part::Async => versions::async_everywhere(remote, items, knobs, &watch),
            Part::Pipeline | Part::Faults => versions::pipeline(remote, items, knobs, &watch),
            Part::Batch => versions::batch(remote, items, knobs, &watch),
            Part::Bench(_) => unreachable!("bench runs the versions one by one"),
        };
        let took = start.elapsed();
        watch.progress.finish_and_clear();
        let cpu = cpu_before
            .zip(cpu::used())
            .map(|(a, b)| b.saturating_sub(a));
        Run {
            part,
            summary,
            took,
            cpu,
            max_held: watch.max_held(),
            watch,
        }
    }
}

/// A progress bar for long runs (on stderr, drawn only when it is a terminal).
pub fn progress(items: usize, what: &str) -> ProgressBar {
    if items < 40 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(items as u64);
    if let Ok(style) =
        ProgressStyle::with_template("    {msg:>22} [{bar:30}] {pos}/{len} images, {per_sec}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

fn main() {
    let cli: Cli = parse_or_exit();
    if matches!(cli.part, Some(Part::Bench(_))) && cli.present.present {
        usage_error(
            "bench is a measurement, not a story in parts: drop --present \
             (present a version, or the whole story, instead)",
        );
    }
    for dir in [&cli.svg, &cli.report].into_iter().flatten() {
        if let Err(err) = std::fs::create_dir_all(dir) {
            usage_error(format!("cannot create folder {}: {err}", dir.display()));
        }
    }
    let setup = Setup::new(&cli);
    present::init(&cli.present);
    match cli.part {
        Some(Part::Bench(args)) => bench::run(&setup, &args, cli.report.as_deref()),
        Some(Part::Faults) => faults(&setup, &cli, &mut None),
        Some(part) => {
            let run = one(&setup, part, &cli, &mut None);
            table(&[run], cli.report.as_deref());
        }
        None => story(&setup, &cli),
    }
    present::end();
}

/// Starts a part: with `--present`, a screen of its own (the part's number large, its
/// title, what the room should watch for) and a pause until Enter; without, nothing (the
/// versions print a line when they are done). Then the `intro`, if any is left to say.
fn begin(title: &str, watch: &str, intro: &mut Option<String>) {
    present::part(title, watch);
    if let Some(text) = intro.take() {
        print!("{text}");
    }
}

fn story(setup: &Setup, cli: &Cli) {
    let s = setup.sizes;
    // Said when the first part begins: with `--present`, after its screen, which would
    // otherwise clear it away.
    let mut intro = Some(format!(
        "{} images of {} × {} px from {}; three thumbnails each ({:?} px), uploaded back.\n\
         {} cores; downloads and uploads at most {} at once; channels of {}; {} threads.\n\n",
        s.images,
        s.width,
        s.width * 3 / 4,
        setup.remote.base,
        work::SIDES,
        setup.knobs.cores,
        s.limit,
        s.capacity,
        s.threads
    ));
    let runs: Vec<Run> = VERSIONS
        .iter()
        .map(|&part| one(setup, part, cli, &mut intro))
        .collect();
    begin(
        "The five versions side by side",
        "the CPU column (how many cores each version kept busy) and the held column (how \
         many images it had in memory at once)",
        &mut intro,
    );
    table(&runs, cli.report.as_deref());
    println!();
    println!("The pipeline keeps the cores busy resizing while the network stages go on,");
    println!("and its bounded channels cap the images held in memory, whatever the batch.");
    println!();
    faults(setup, cli, &mut intro);
}

/// Runs one version with its narration and pictures.
fn one(setup: &Setup, part: Part, cli: &Cli, intro: &mut Option<String>) -> Run {
    begin(
        &format!("{}: {}", part.title(), part.pitch()),
        &part.watch(setup.knobs),
        intro,
    );
    let items = setup.batch(false);
    let run = setup.run(part, &items, progress(items.len(), part.title()));
    println!(
        "{}: {} in {} ({:.1} images/s), CPU {}, at most {} images held, a download took {}",
        part.title(),
        run.summary.counts(),
        secs(run.took),
        run.per_second(),
        cpu_share(&run, setup.knobs.cores),
        run.max_held,
        millis_or_na(run.watch.median_download()),
    );
    if part == Part::Async {
        println!("    (the timeline by thread: downloads wait across the resizes of their thread)");
        print_chart(&run, Rows::Thread);
    }
    if part == Part::Pipeline {
        println!("    (the timeline by stage: the three stages run at the same time)");
        print_chart(&run, Rows::Task);
    }
    pictures(&run, cli);
    run
}

/// Prints a run's timeline, indented (paced, line by line, with `--present`).
fn print_chart(run: &Run, rows: Rows) {
    let chart: String = run
        .watch
        .timeline
        .render_text(rows, 60)
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect();
    present::show(&chart);
}

fn pictures(run: &Run, cli: &Cli) {
    for dir in [&cli.svg, &cli.report].into_iter().flatten() {
        let (rows, by) = match run.part {
            Part::Async | Part::Sequential | Part::Threads => (Rows::Thread, "by thread"),
            _ => (Rows::Task, "by stage"),
        };
        let path = dir.join(format!("{}.svg", run.part.file()));
        let title = format!(
            "{}: {} images in {} ({by})",
            run.part.title(),
            run.summary.total(),
            secs(run.took)
        );
        match run.watch.timeline.write_svg(&path, rows, &title) {
            Ok(()) => println!("    wrote {}", path.display()),
            Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
        }
    }
}

/// "12 ms", or "n/a" when nothing was measured.
pub fn millis_or_na(d: Option<Duration>) -> String {
    d.map_or("n/a".into(), |d| format!("{:.0} ms", d.as_secs_f64() * 1e3))
}

fn cpu_share(run: &Run, cores: usize) -> String {
    match cpu::utilisation(run.cpu, run.took, cores) {
        Some(share) => format!("{share:.0}% of {cores} cores"),
        None => "n/a".to_string(),
    }
}

/// The measured table; also written to `DIR/table.txt` with `--report DIR`.
fn table(runs: &[Run], report: Option<&Path>) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut table = Table::new([
        "version", "time", "images/s", "CPU", "held", "download", "ok", "failed",
    ]);
    table.align(0, Align::Left);
    for run in runs {
        table.row([
            run.part.title().to_string(),
            secs(run.took),
            format!("{:.1}", run.per_second()),
            cpu::utilisation(run.cpu, run.took, cores).map_or("n/a".into(), |s| format!("{s:.0}%")),
            run.max_held.to_string(),
            millis_or_na(run.watch.median_download()),
            run.summary.ok.len().to_string(),
            run.summary.failed.len().to_string(),
        ]);
    }
    println!();
    let lines: String = table
        .to_string()
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect();
    present::show(&lines);
    println!("    (CPU: the whole process, server thread included, over {cores} cores;");
    println!("     held: most images in memory at once; download: the median download's time)");
    if let Some(dir) = report {
        write_report(dir, "table.txt", &table.to_string());
    }
}

pub fn write_report(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    match std::fs::write(&path, text) {
        Ok(()) => println!("    wrote {}", path.display()),
        Err(err) => eprintln!("    cannot write {}: {err}", path.display()),
    }
}

/// A batch with bad input through the pipeline, and the summary with every reason.
fn faults(setup: &Setup, cli: &Cli, intro: &mut Option<String>) {
    begin(
        &format!("{}: {}", Part::Faults.title(), Part::Faults.pitch()),
        &Part::Faults.watch(setup.knobs),
        intro,
    );
    let items = setup.batch(true);
    println!(
        "Bad input: {} images, among them bodies that are not images, 404s, refused and \
         stalled uploads.",
        items.len()
    );
    let run = setup.run(
        Part::Faults,
        &items,
        progress(items.len(), "with bad input"),
    );
    let summary = &run.summary;
    println!(
        "    {} of {} in {}: {}",
        summary.total(),
        items.len(),
        secs(run.took),
        summary.counts()
    );
    let mut failed = summary.failed.clone();
    failed.sort();
    let mut lines = String::new();
    for failure in &failed {
        let tries = match failure.attempts {
            1 => "1 try".to_string(),
            n => format!("{n} tries"),
        };
        lines.push_str(&format!(
            "    image {:>3}: {} failed ({tries}): {}\n",
            failure.id, failure.stage, failure.reason
        ));
    }
    present::show(&lines);
    if summary.total() == items.len() {
        println!("    every item is accounted for; the others were uploaded.");
    } else {
        println!(
            "    {} items are missing from the summary!",
            items.len() - summary.total()
        );
    }
    pictures(&run, cli);
}
