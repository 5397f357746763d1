//! Measuring: a stopwatch, and the summary of repeated runs.
//!
//! One run of a timing demo can be unlucky (another process, a cold cache); the course
//! reports the median of several runs with the min and max beside it, so a reader can
//! see the spread instead of trusting one number. [`Table`] prints such results as
//! aligned columns (or Markdown for the book).

use std::fmt;
use std::time::{Duration, Instant};

mod table;

pub use table::{Align, Table};

/// A started clock. `Stopwatch::start()` then `.elapsed()`.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch {
    started: Instant,
}

impl Stopwatch {
    pub fn start() -> Self {
        Self {
            started: Instant::now(),
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// Times one call of `f`, returning its result and how long it took.
pub fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let watch = Stopwatch::start();
    let value = f();
    (value, watch.elapsed())
}

/// The median, min and max of several measured runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub runs: usize,
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
}

impl Summary {
    /// Summarises samples; `None` when there are none.
    ///
    /// With an even number of samples the median is the mean of the two middle ones.
    pub fn of(samples: &[Duration]) -> Option<Self> {
        let mut sorted = samples.to_vec();
        sorted.sort();
        let n = sorted.len();
        let (&min, &max) = (sorted.first()?, sorted.last()?);
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        };
        Some(Self {
            runs: n,
            median,
            min,
            max,
        })
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "median {} (min {}, max {}, {} runs)",
            secs(self.median),
            secs(self.min),
            secs(self.max),
            self.runs
        )
    }
}

/// Runs `f` `runs` times (at least once) and summarises the durations it reports.
///
/// `f` returns the duration to record, so the caller decides what is timed (set-up can
/// stay outside the measured part).
pub fn repeat(runs: usize, mut f: impl FnMut() -> Duration) -> Summary {
    let samples: Vec<Duration> = (0..runs.max(1)).map(|_| f()).collect();
    Summary::of(&samples).expect("at least one run was made")
}

/// Formats a duration in seconds with millisecond precision: `1.003 s`.
pub fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Formats a duration in milliseconds with one decimal: `12.5 ms`.
pub fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// How many times faster `new` is than `base`, as `2.0×` (`-` if `new` is zero).
pub fn speedup(base: Duration, new: Duration) -> String {
    if new.is_zero() {
        return "-".to_string();
    }
    format!("{:.1}×", base.as_secs_f64() / new.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn summary_of_odd_count_takes_the_middle() {
        let s = Summary::of(&[ms(30), ms(10), ms(20)]).unwrap();
        assert_eq!(
            (s.median, s.min, s.max, s.runs),
            (ms(20), ms(10), ms(30), 3)
        );
    }

    #[test]
    fn summary_of_even_count_averages_the_middle_two() {
        let s = Summary::of(&[ms(40), ms(10), ms(20), ms(30)]).unwrap();
        assert_eq!(s.median, ms(25));
    }

    #[test]
    fn summary_of_nothing_is_none() {
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn repeat_runs_at_least_once() {
        let mut calls = 0;
        let s = repeat(0, || {
            calls += 1;
            ms(5)
        });
        assert_eq!((calls, s.runs, s.median), (1, 1, ms(5)));
    }

    #[test]
    fn millis_and_speedup_format() {
        assert_eq!(millis(Duration::from_micros(12_450)), "12.4 ms");
        assert_eq!(speedup(ms(800), ms(400)), "2.0×");
        assert_eq!(speedup(ms(800), ms(0)), "-");
    }

    #[test]
    fn seconds_have_millisecond_precision() {
        assert_eq!(secs(ms(1003)), "1.003 s");
        assert_eq!(
            Summary::of(&[ms(1000), ms(1002), ms(1010)])
                .unwrap()
                .to_string(),
            "median 1.002 s (min 1.000 s, max 1.010 s, 3 runs)"
        );
    }
}
