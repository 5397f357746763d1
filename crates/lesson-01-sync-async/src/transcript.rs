//! A transcript of what the counts said and when, printed live as it happens.
//!
//! The demo prints each line the moment it is said, stamped with the time since the
//! run started, so you watch "One One One", a pause, then "Two Two Two". Tests read the
//! same lines back instead of scraping stdout.

use std::sync::Mutex;
use std::time::Duration;

use kit::timeline::{SpanGuard, Timeline};

// tokio's `Instant` reads tokio's clock, which tests can pause and move forward by hand;
// outside a paused runtime it is the ordinary monotonic clock.
use tokio::time::Instant;

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Time since the transcript started.
    pub at: Duration,
    pub text: String,
}

/// Lines said by the counts, shared by reference between them.
#[derive(Debug)]
pub struct Transcript {
    start: Instant,
    echo: bool,
    lines: Mutex<Vec<Line>>,
    timeline: Timeline,
}

impl Transcript {
    /// A transcript that prints each line as it is said.
    pub fn printing() -> Self {
        Self::new(true)
    }

    /// A transcript that only records (for tests and benchmarks).
    pub fn silent() -> Self {
        Self::new(false)
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
        let line = Line {
            at: self.start.elapsed(),
            text: text.into(),
        };
        if self.echo {
            println!("    [{:>7.3} s] {}", line.at.as_secs_f64(), line.text);
        }
        // A poisoned lock means a count panicked mid-push; the lines are still whole.
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
    }

    /// Marks `who` as waiting with its thread free for others, until the guard drops.
    /// (Drawn pale, `░`, in the timeline.)
    pub fn waiting(&self, who: &str) -> SpanGuard {
        self.timeline.wait(who)
    }

    /// Marks `who` as blocked: asleep in a blocking call, holding its thread so that
    /// nothing else can run there, until the guard drops. (Drawn hatched, `▒`.)
    pub fn blocked(&self, who: &str) -> SpanGuard {
        self.timeline.block(who)
    }

    /// The timeline of the waits, one row per count.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Time since the transcript started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// The texts said so far, in order.
    #[cfg(test)]
    pub fn texts(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|line| line.text.clone())
            .collect()
    }
}
