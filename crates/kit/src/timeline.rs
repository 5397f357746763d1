//! Timelines: which task ran on which thread (or process), and when.
//!
//! A [`Timeline`] is a cheap, cloneable handle. Any thread, async task or child process
//! records spans into it; afterwards the timeline is drawn as a Unicode chart for the
//! terminal ([`Timeline::render_text`]) or as an SVG picture for the book
//! ([`Timeline::render_svg`]).
//!
//! ```
//! use kit::timeline::{Rows, Timeline};
//!
//! let tl = Timeline::new();
//! std::thread::scope(|s| {
//!     for name in ["task 1", "task 2"] {
//!         let tl = tl.clone();
//!         s.spawn(move || {
//!             let _span = tl.span(name); // ends when `_span` is dropped
//!             kit::work::count_primes(2_000);
//!         });
//!     }
//! });
//! println!("{}", tl.render_text(Rows::Thread, 60));
//! ```
//!
//! How to read the pictures: a bar is a stretch of *wall-clock* time, from the moment a
//! task started a piece of work to the moment it finished it; it is not time spent on a
//! CPU. Bars that interleave on one thread are concurrency (two things making progress
//! together, taking turns). Bars that overlap in time on different threads are in
//! progress together too, but they ran at the same instant only as far as there were
//! cores for them: four busy threads on two cores draw four full-length bars while the
//! OS scheduler shares out the two cores under them, and pinned to one core
//! (`taskset -c 0`) they still draw four full bars.
//!
//! A span is one of three kinds:
//! - [`Kind::Busy`]: the thread runs the task's code (drawn solid);
//! - [`Kind::Blocked`]: the task holds its thread in a blocking call (`std::thread::sleep`,
//!   a blocking read): no other task can run on that thread, though the CPU is free for
//!   other threads (drawn half-tone and hatched; `▒` in the terminal);
//! - [`Kind::Wait`]: the task is suspended (at an `.await`) and its thread is free to run
//!   other tasks (drawn pale and dashed; `░`).
//!
//! Telling the last two apart is what the first lessons are about: a blocked thread is
//! lost to everyone else, a waiting task costs its thread nothing. Showing the waits apart
//! is also what makes a single-threaded async runtime readable: many waits overlap while
//! the short busy bits take turns on the one thread.

use std::cell::Cell;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

mod layout;
mod lines;
mod svg;
mod text;

pub use lines::{LINE_PREFIX, ParseError};

/// What a span's time was spent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The thread was running the task's code (drawn solid).
    Busy,
    /// The task held its thread in a blocking call (a sleep, a blocking read): the thread
    /// could run nothing else, though the CPU was free for other threads (drawn hatched).
    Blocked,
    /// The task was suspended (a timer, an IO, at an `.await`); its thread was free to
    /// run other tasks (drawn pale).
    Wait,
}

impl Kind {
    /// The word for this kind in legends, tooltips and the child-process line format.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Busy => "busy",
            Kind::Blocked => "blocked",
            Kind::Wait => "waiting",
        }
    }
}

/// How a chart groups its spans into rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// One row per task name: shows when each task made progress.
    Task,
    /// One row per thread (and process): shows who ran where.
    Thread,
}

/// The thread (in a process) a span was recorded on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThreadTag {
    /// The process id.
    pub pid: u32,
    /// A small number unique to the thread within its process (1, 2, 3, … in the order
    /// threads first record something). std's `ThreadId` has no stable number.
    pub number: u64,
    /// The thread's name, if it has one (`main`, `tokio-runtime-worker`, …).
    pub name: Option<String>,
}

impl ThreadTag {
    pub fn new(pid: u32, number: u64, name: Option<&str>) -> Self {
        Self {
            pid,
            number,
            name: name.map(str::to_string),
        }
    }

    /// The calling thread.
    pub fn current() -> Self {
        Self {
            pid: std::process::id(),
            number: thread_number(),
            name: std::thread::current().name().map(str::to_string),
        }
    }
}

/// The calling thread's number in this process (see [`ThreadTag::number`]).
pub fn thread_number() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local! {
        // 0 means "not numbered yet"; a thread is numbered the first time it asks.
        static NUMBER: Cell<u64> = const { Cell::new(0) };
    }
    NUMBER.with(|n| {
        if n.get() == 0 {
            n.set(NEXT.fetch_add(1, Ordering::Relaxed));
        }
        n.get()
    })
}

/// One recorded interval: a task, on a thread, from `start` to `end`.
///
/// Times are offsets from the timeline's origin (the moment [`Timeline::new`] ran).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub name: String,
    pub thread: ThreadTag,
    pub kind: Kind,
    pub start: Duration,
    pub end: Duration,
}

impl Span {
    /// A busy span; `end` before `start` is clamped to `start`.
    pub fn new(name: impl Into<String>, thread: ThreadTag, start: Duration, end: Duration) -> Self {
        Self {
            name: name.into(),
            thread,
            kind: Kind::Busy,
            start,
            end: end.max(start),
        }
    }

    /// The same span, marked as waiting (the task suspended, its thread free).
    pub fn waiting(mut self) -> Self {
        self.kind = Kind::Wait;
        self
    }

    /// The same span, marked as blocked (the task holding its thread in a blocking call).
    pub fn blocked(mut self) -> Self {
        self.kind = Kind::Blocked;
        self
    }

    /// How long the span lasted; zero if its fields were set with `end` before `start`.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }
}

/// A shared recorder of spans: clone it into threads and tasks (it is `Send + Sync`).
#[derive(Clone)]
pub struct Timeline {
    inner: Arc<Inner>,
}

struct Inner {
    origin: Instant,
    // The wall-clock time of `origin`, to line up spans from child processes, whose
    // `Instant`s cannot be compared with ours.
    origin_wall: SystemTime,
    spans: Mutex<Vec<Span>>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Timeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Only the count: no copy of the spans, no sort.
        let spans = self
            .inner
            .spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("Timeline").field("spans", &spans).finish()
    }
}

impl Timeline {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                origin: Instant::now(),
                origin_wall: SystemTime::now(),
                spans: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Starts a busy span on the calling thread; it ends when the guard is dropped.
    pub fn span(&self, name: impl Into<String>) -> SpanGuard {
        self.guard(name.into(), Kind::Busy)
    }

    /// Starts a waiting span on the calling thread: the task is suspended (at an
    /// `.await`) and its thread is free for other tasks meanwhile.
    pub fn wait(&self, name: impl Into<String>) -> SpanGuard {
        self.guard(name.into(), Kind::Wait)
    }

    /// Starts a blocked span on the calling thread: the task sits in a blocking call
    /// (`std::thread::sleep`, a blocking read) and its thread can do nothing else.
    pub fn block(&self, name: impl Into<String>) -> SpanGuard {
        self.guard(name.into(), Kind::Blocked)
    }

    /// Records a busy span on the calling thread from two instants.
    pub fn record(&self, name: impl Into<String>, start: Instant, end: Instant) {
        let span = Span::new(
            name,
            ThreadTag::current(),
            self.offset(start),
            self.offset(end),
        );
        self.push(span);
    }

    /// Records a ready-made span (its times are offsets from this timeline's origin).
    pub fn push(&self, span: Span) {
        // A panic in another recording thread must not hide what was recorded, so a
        // poisoned lock is used anyway: a `Vec::push` cannot leave the list half-done.
        self.inner
            .spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(span);
    }

    /// Time since this timeline's origin.
    pub fn now(&self) -> Duration {
        self.inner.origin.elapsed()
    }

    /// The offset of an instant from the origin (zero for instants before it).
    pub fn offset(&self, at: Instant) -> Duration {
        at.saturating_duration_since(self.inner.origin)
    }

    /// A copy of the spans recorded so far, ordered by start time.
    pub fn spans(&self) -> Vec<Span> {
        let mut spans = self
            .inner
            .spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        spans.sort_by_key(|s| (s.start, s.end));
        spans
    }

    /// The spans as lines of the child-process format (see [`Timeline::merge_lines`]).
    ///
    /// A child process records into its own `Timeline` and prints this (or writes it to
    /// a file); the parent merges it. Lines carry wall-clock times, so both sides line up.
    pub fn to_lines(&self) -> String {
        self.spans()
            .iter()
            .map(|span| lines::format(span, self.inner.origin_wall + span.start) + "\n")
            .collect()
    }

    /// Merges the span lines found in `text` (other lines are ignored, so a child's whole
    /// stdout can be passed). Returns how many spans were added.
    pub fn merge_lines(&self, text: &str) -> Result<usize, ParseError> {
        let parsed = lines::parse_all(text, self.inner.origin_wall)?;
        let count = parsed.len();
        for span in parsed {
            self.push(span);
        }
        Ok(count)
    }

    /// The Unicode chart for a terminal; `width` is the number of time columns.
    pub fn render_text(&self, rows: Rows, width: usize) -> String {
        render_text(&self.spans(), rows, width)
    }

    /// A standalone SVG picture of the timeline.
    pub fn render_svg(&self, rows: Rows, title: &str) -> String {
        render_svg(&self.spans(), rows, title)
    }

    /// Writes [`Timeline::render_svg`] to `path`.
    pub fn write_svg(&self, path: impl AsRef<Path>, rows: Rows, title: &str) -> io::Result<()> {
        std::fs::write(path, self.render_svg(rows, title))
    }

    fn guard(&self, name: String, kind: Kind) -> SpanGuard {
        SpanGuard {
            timeline: self.clone(),
            name,
            kind,
            thread: ThreadTag::current(),
            start: Instant::now(),
        }
    }
}

/// An open span: records itself into its timeline when dropped (or [`SpanGuard::end`]ed).
///
/// The thread is the one that *started* the span. On a multi-threaded async runtime a
/// task can move between threads at an `.await`; open one span per stretch of work
/// between awaits if that matters for the picture.
#[must_use = "the span ends as soon as the guard is dropped"]
pub struct SpanGuard {
    timeline: Timeline,
    name: String,
    kind: Kind,
    thread: ThreadTag,
    start: Instant,
}

impl std::fmt::Debug for SpanGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpanGuard")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish()
    }
}

impl SpanGuard {
    /// Ends the span now (the same as dropping the guard, but says so).
    pub fn end(self) {}
}

impl Drop for SpanGuard {
    fn drop(&mut self) {
        let tl = &self.timeline;
        // The guard is finished with its name and thread tag: move them into the span
        // rather than copy them (the numbers are `Copy`, the strings are taken).
        let span = Span {
            name: std::mem::take(&mut self.name),
            thread: ThreadTag {
                name: self.thread.name.take(),
                ..self.thread
            },
            kind: self.kind,
            start: tl.offset(self.start),
            end: tl.now(),
        };
        tl.push(span);
    }
}

/// The Unicode chart of `spans`; `width` is the number of time columns (at least 10).
pub fn render_text(spans: &[Span], rows: Rows, width: usize) -> String {
    text::render(spans, rows, width)
}

/// A standalone SVG picture of `spans`, with a title, a time axis in ms and a legend.
pub fn render_svg(spans: &[Span], rows: Rows, title: &str) -> String {
    svg::render(spans, rows, title)
}
