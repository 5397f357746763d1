//! What both renderers share: grouping spans into rows, the time window, the ticks.

use std::collections::HashMap;
use std::time::Duration;

use super::{Rows, Span, ThreadTag};

/// One row of a chart: a label and the indices of its spans.
pub(super) struct Row {
    pub label: String,
    pub spans: Vec<usize>,
}

/// Groups spans into rows, ordered by each row's first start (then by label).
pub(super) fn rows(spans: &[Span], by: Rows) -> Vec<Row> {
    let labels: Vec<String> = match by {
        Rows::Task => spans.iter().map(|s| s.name.clone()).collect(),
        Rows::Thread => thread_labels(spans),
    };
    let mut rows: Vec<(Duration, Row)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, (span, label)) in spans.iter().zip(&labels).enumerate() {
        match index.get(label.as_str()) {
            Some(&r) => {
                rows[r].0 = rows[r].0.min(span.start);
                rows[r].1.spans.push(i);
            }
            None => {
                index.insert(label, rows.len());
                let row = Row {
                    label: label.clone(),
                    spans: vec![i],
                };
                rows.push((span.start, row));
            }
        }
    }
    rows.sort_by(|a, b| (a.0, &a.1.label).cmp(&(b.0, &b.1.label)));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// A label per span for its thread, numbered per chart so the labels stay small:
/// unnamed threads become `thread 1`, `thread 2`…; names shared by several threads
/// (`tokio-runtime-worker`) get a number too; the pid is shown when there are several.
fn thread_labels(spans: &[Span]) -> Vec<String> {
    let mut threads: Vec<(&ThreadTag, Duration)> = Vec::new();
    for span in spans {
        match threads.iter_mut().find(|(t, _)| *t == &span.thread) {
            Some((_, first)) => *first = (*first).min(span.start),
            None => threads.push((&span.thread, span.start)),
        }
    }
    threads.sort_by_key(|&(t, first)| (first, t));
    let several_pids = threads.iter().any(|(t, _)| t.pid != threads[0].0.pid);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut label_of: HashMap<&ThreadTag, String> = HashMap::new();
    for (tag, _) in &threads {
        let base = tag.name.as_deref().unwrap_or("thread");
        let shared = tag.name.is_none()
            || threads
                .iter()
                .filter(|(t, _)| t.name.as_deref() == Some(base) && t.pid == tag.pid)
                .count()
                > 1;
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        let mut label = if shared {
            format!("{base} {n}")
        } else {
            base.to_string()
        };
        if several_pids {
            label = format!("pid {} {label}", tag.pid);
        }
        label_of.insert(tag, label);
    }
    spans.iter().map(|s| label_of[&s.thread].clone()).collect()
}

/// The time window a chart shows: from the first start to the last end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub start: Duration,
    pub length: Duration,
}

impl Window {
    pub fn of(spans: &[Span]) -> Self {
        let start = spans.iter().map(|s| s.start).min().unwrap_or_default();
        let end = spans.iter().map(|s| s.end).max().unwrap_or_default();
        // A window of zero length cannot be divided into columns; show 1 µs instead. (A
        // floor of 1 ms drew the axis of a 0.1 ms run ten times too long.)
        let length = (end - start).max(Duration::from_micros(1));
        Self { start, length }
    }

    /// Where `t` falls in the window, from 0.0 to 1.0.
    pub fn fraction(&self, t: Duration) -> f64 {
        let f = t.saturating_sub(self.start).as_secs_f64() / self.length.as_secs_f64();
        f.clamp(0.0, 1.0)
    }
}

/// Tick marks: a round step (1, 2 or 5 times a power of ten) giving at most `max_ticks`
/// intervals, as offsets from the window's start.
pub(super) fn ticks(window: &Window, max_ticks: usize) -> (Duration, Vec<Duration>) {
    let length = window.length.as_nanos();
    let raw = length.div_ceil(max_ticks.max(1) as u128).max(1);
    let mut power = 1u128;
    let step = loop {
        if let Some(&m) = [1, 2, 5].iter().find(|&&m| m * power >= raw) {
            break m * power;
        }
        power *= 10;
    };
    let step = Duration::from_nanos(u64::try_from(step).unwrap_or(u64::MAX));
    let mut at = Vec::new();
    let mut t = Duration::ZERO;
    while t <= window.length {
        at.push(t);
        t += step;
    }
    (step, at)
}

/// `label` cut to at most `max` characters, ending in `…` when something was cut.
pub(super) fn cut(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let kept: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

/// A tick's value in milliseconds, with as many decimals as the step needs.
pub(super) fn ms_label(t: Duration, step: Duration) -> String {
    let decimals = match step.as_nanos() {
        n if n >= 1_000_000 => 0,
        n if n >= 100_000 => 1,
        n if n >= 10_000 => 2,
        _ => 3,
    };
    format!("{:.*}", decimals, t.as_secs_f64() * 1000.0)
}

/// The distinct task names in natural order (`cpu 2` before `cpu 10`): the legend's
/// order, and the order letters and colours are handed out in, so that `cpu 1` is `A`
/// whichever task happened to start first.
pub(super) fn tasks(spans: &[Span]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for span in spans {
        if !names.contains(&span.name.as_str()) {
            names.push(&span.name);
        }
    }
    names.sort_by_key(|name| natural_key(name));
    names
}

/// A sort key comparing runs of digits by their value: `["cpu ", 2] < ["cpu ", 10]`.
fn natural_key(name: &str) -> Vec<(String, u128)> {
    let mut key: Vec<(String, u128)> = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for ch in name.chars().chain(std::iter::once('\0')) {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if !digits.is_empty() {
            // A run too long for u128 still sorts after every shorter number.
            let value = digits.parse().unwrap_or(u128::MAX);
            key.push((std::mem::take(&mut text), value));
            digits.clear();
        }
        if ch != '\0' {
            text.push(ch);
        }
    }
    key.push((text, 0));
    key
}

/// Splits a row's spans into lanes so that tasks overlapping in time get a line each.
///
/// A task's spans stay together in one lane; a task goes to the first lane whose tasks
/// it does not overlap. Sequential tasks share one lane; concurrent ones stack up.
pub(super) fn lanes(spans: &[Span], row: &Row) -> Vec<Vec<usize>> {
    // The row's tasks in order of first start, with their extent [first start, last end].
    let mut tasks: Vec<(&str, Duration, Duration, Vec<usize>)> = Vec::new();
    for &i in &row.spans {
        let span = &spans[i];
        match tasks.iter_mut().find(|t| t.0 == span.name) {
            Some(task) => {
                task.1 = task.1.min(span.start);
                task.2 = task.2.max(span.end);
                task.3.push(i);
            }
            None => tasks.push((&span.name, span.start, span.end, vec![i])),
        }
    }
    // Each lane: the extents it holds, and its spans.
    type Lane = (Vec<(Duration, Duration)>, Vec<usize>);
    let mut lanes: Vec<Lane> = Vec::new();
    for (_, start, end, members) in tasks {
        let free = lanes
            .iter()
            .position(|(taken, _)| taken.iter().all(|&(s, e)| end <= s || start >= e));
        match free {
            Some(l) => {
                lanes[l].0.push((start, end));
                lanes[l].1.extend(members);
            }
            None => lanes.push((vec![(start, end)], members)),
        }
    }
    lanes.into_iter().map(|(_, members)| members).collect()
}
