//! What the jobs said and when, printed live, plus the timeline of their waits.
//!
//! Every part shares one `Arc<Log>` between the caller and its tasks: a spawned task must
//! own what it uses (`'static`), so it holds a clone of the `Arc`.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use kit::timeline::{Rows, Span, SpanGuard, ThreadTag, Timeline};
// tokio's clock: the ordinary monotonic clock, or a paused one in the tests.
use tokio::time::Instant;

#[derive(Debug)]
pub struct Log {
    start: Instant,
    echo: bool,
    lines: Mutex<Vec<String>>,
    timeline: Timeline,
}

impl Log {
    /// A log that prints each line as it is said.
    pub fn printing() -> Arc<Self> {
        Arc::new(Self::new(true))
    }

    /// A log that only records (tests).
    #[cfg(test)]
    pub fn silent() -> Arc<Self> {
        Arc::new(Self::new(false))
    }

    fn new(echo: bool) -> Self {
        Self {
            start: Instant::now(),
            echo,
            lines: Mutex::new(Vec::new()),
            timeline: Timeline::new(),
        }
    }

    /// Records (and maybe prints) one line, stamped with the time since the start.
    pub fn say(&self, text: impl Into<String>) {
        let text = text.into();
        if self.echo {
            println!("    [{:>6.3} s] {text}", self.start.elapsed().as_secs_f64());
        }
        // A `Vec::push` cannot leave the list half-done: a poisoned lock is fine to use.
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(text);
    }

    /// Marks `who` as waiting (pale in the timeline) until the guard drops.
    pub fn waiting(&self, who: &str) -> SpanGuard {
        self.timeline.wait(who)
    }

    /// Marks an instant on `who`'s row with a short bar of `width`, starting now: the
    /// moment the caller got a result takes no time at all, and would not show.
    pub fn mark(&self, who: &str, width: Duration) {
        let start = self.timeline.now();
        self.timeline
            .push(Span::new(who, ThreadTag::current(), start, start + width));
    }

    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The timeline for the terminal, one row per task, indented like the log's lines.
    pub fn chart(&self) -> String {
        self.timeline
            .render_text(Rows::Task, 56)
            .lines()
            .map(|line| format!("    {line}\n"))
            .collect()
    }

    /// Every line said so far (tests).
    #[cfg(test)]
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

// ANCHOR: unfinished
/// A drop guard: says that its job was dropped before it finished, unless the job
/// disarmed it by reaching its end. Cancellation in Rust runs no code in the future
/// itself; only destructors like this one run, which is where clean-up belongs.
pub struct Unfinished {
    log: Arc<Log>,
    name: String,
    armed: bool,
}

impl Unfinished {
    pub fn new(log: &Arc<Log>, name: &str) -> Self {
        Self {
            log: Arc::clone(log),
            name: name.to_string(),
            armed: true,
        }
    }

    /// The job reached its end: nothing to report on drop.
    pub fn finished(mut self) {
        self.armed = false;
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if self.armed {
            self.log.say(format!(
                "{} dropped before it finished (cancelled)",
                self.name
            ));
        }
    }
}
// ANCHOR_END: unfinished

/// A job of the demos: waits `units` units, says so, and returns its name. It is an
/// ordinary async fn: it does nothing until polled, and stops at its `.await` if dropped.
pub async fn job(log: Arc<Log>, name: &'static str, units: u32, unit: Duration) -> &'static str {
    let guard = Unfinished::new(&log, name);
    {
        let _wait = log.waiting(name);
        tokio::time::sleep(unit * units).await;
    }
    log.say(format!("{name} finished ({})", units_text(units)));
    guard.finished();
    name
}

/// Like [`job`], but fails at its end when `fails` is set.
pub async fn fallible(
    log: Arc<Log>,
    name: &'static str,
    units: u32,
    unit: Duration,
    fails: bool,
) -> Result<&'static str, String> {
    let guard = Unfinished::new(&log, name);
    {
        let _wait = log.waiting(name);
        tokio::time::sleep(unit * units).await;
    }
    guard.finished();
    if fails {
        log.say(format!("{name} failed ({})", units_text(units)));
        Err(format!("{name} failed"))
    } else {
        log.say(format!("{name} finished ({})", units_text(units)));
        Ok(name)
    }
}

/// "1 unit", "3 units".
pub fn units_text(units: u32) -> String {
    match units {
        1 => "1 unit".to_string(),
        n => format!("{n} units"),
    }
}
