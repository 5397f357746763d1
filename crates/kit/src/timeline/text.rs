//! The terminal chart: one line per row, one character per slice of time.
//!
//! ```text
//! task 1 │██████████          │
//! task 2 │          ██████████│
//!        └┬────┬────┬────┬────┤
//!         0    50   100  150  200 ms
//!         █ busy  ░ waiting
//! ```
//!
//! A tick sits under the left edge of the cell that starts at its time; the last one, at
//! the very end of the window, is the right edge of the chart (the `┤` corner).
//!
//! Rows by task draw busy time as `█`; rows by thread draw it with the task's letter
//! (`A`, `B`, …, named in the legend) so you can see *who* ran on that thread. Blocked
//! is `▒` and waiting `░` in both; the legend names `▒` only when a blocked span is
//! drawn. A cell shows the span that covers most of it, busy before blocked before
//! waiting, so even a very short busy span stays visible as one cell.

use std::fmt::Write;
use std::time::Duration;

use super::layout::{self, Window, cut};
use super::{Kind, Rows, Span};

/// Row labels longer than this are cut (with `…`) to keep the chart's width fixed.
const MAX_LABEL: usize = 24;

pub(super) fn render(spans: &[Span], by: Rows, width: usize) -> String {
    if spans.is_empty() {
        return "(no spans recorded)\n".to_string();
    }
    let width = width.max(10);
    let mut spans = spans.to_vec();
    spans.sort_by_key(|s| (s.start, s.end));
    let window = Window::of(&spans);
    let rows = layout::rows(&spans, by);
    // Letters go only to names with busy time: a name that only ever waits (an idle
    // worker, say) is drawn as `░` alone, and a letter for it would name nothing drawn.
    let tasks: Vec<&str> = layout::tasks(&spans)
        .into_iter()
        .filter(|t| spans.iter().any(|s| s.name == *t && s.kind == Kind::Busy))
        .collect();
    let letter_of = |name: &str| letter(tasks.iter().position(|t| *t == name).unwrap_or(0));

    // Whole nanoseconds from the window's start, so that cell edges are exact.
    let nanos = |t: Duration| t.saturating_sub(window.start).as_nanos();
    let place: Vec<(u128, u128)> = spans
        .iter()
        .map(|s| (nanos(s.start), nanos(s.end)))
        .collect();
    let length = window.length.as_nanos();

    let labels: Vec<String> = rows.iter().map(|r| cut(&r.label, MAX_LABEL)).collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (row, label) in rows.iter().zip(&labels) {
        let cells: String = (0..width)
            .map(|col| {
                let t0 = length * col as u128 / width as u128;
                let t1 = length * (col as u128 + 1) / width as u128;
                let last = col + 1 == width;
                match best_span(&spans, &place, &row.spans, (t0, t1), last) {
                    None => ' ',
                    Some(span) if span.kind == Kind::Wait => '░',
                    Some(span) if span.kind == Kind::Blocked => '▒',
                    Some(span) => match by {
                        Rows::Task => '█',
                        Rows::Thread => letter_of(&span.name),
                    },
                }
            })
            .collect();
        let _ = writeln!(out, "{label:<label_width$} │{cells}│");
    }
    out.push_str(&axis(&window, label_width, width));
    let blocked = spans
        .iter()
        .any(|s| s.kind == Kind::Blocked)
        .then(|| "▒ blocked".to_string());
    let waiting = std::iter::once("░ waiting".to_string());
    let legend = match by {
        Rows::Task => std::iter::once("█ busy".to_string())
            .chain(blocked)
            .chain(waiting)
            .collect::<Vec<_>>()
            .join("  "),
        Rows::Thread => tasks
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{} {name}", letter(i)))
            .chain(blocked)
            .chain(waiting)
            .collect::<Vec<_>>()
            .join("  "),
    };
    let _ = writeln!(out, "{:label_width$}  {legend}", "");
    out
}

/// The letter for the `i`-th task: A–Z, then a–z, then 0–9, then `#` for the rest.
fn letter(i: usize) -> char {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    LETTERS.get(i).map_or('#', |&b| char::from(b))
}

/// The span of this row covering most of the slice `[t0, t1)`: busy before blocked
/// before waiting, then the one covering more.
/// The `last` cell also takes zero-length spans at its end.
fn best_span<'a>(
    spans: &'a [Span],
    place: &[(u128, u128)],
    row: &[usize],
    (t0, t1): (u128, u128),
    last: bool,
) -> Option<&'a Span> {
    let mut best: Option<(&Span, (u8, u128))> = None;
    for &i in row {
        let (span, (s, e)) = (&spans[i], place[i]);
        let covered = if s == e {
            // A zero-length span still occupies the cell it falls in.
            u128::from(s >= t0 && (s < t1 || (last && s == t1)))
        } else {
            e.min(t1).saturating_sub(s.max(t0))
        };
        if covered == 0 {
            continue;
        }
        let rank = match span.kind {
            Kind::Busy => 2,
            Kind::Blocked => 1,
            Kind::Wait => 0,
        };
        let score = (rank, covered);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((span, score));
        }
    }
    best.map(|(span, _)| span)
}

/// The axis line with tick marks, and the tick values in ms below it.
///
/// The axis has `width + 1` positions: position `k < width` is the left edge of cell
/// `k`, under that cell; position `width` is the right edge of the last cell, the
/// chart's corner. So a tick at the window's end marks the corner, like every other
/// tick marks where its time starts.
fn axis(window: &Window, label_width: usize, width: usize) -> String {
    let (step, ticks) = layout::ticks(window, (width / 10).clamp(1, 8));
    let position = |t: Duration| {
        let f = t.as_secs_f64() / window.length.as_secs_f64();
        ((f * width as f64).round() as usize).min(width)
    };
    let mut line: Vec<char> = vec!['─'; width];
    line.push('┘');
    let mut values: Vec<char> = vec![' '; width + 2];
    let mut free_from = 0;
    for &t in &ticks {
        let col = position(t);
        line[col] = if col == width { '┤' } else { '┬' };
        // Skip a value that would run into the previous one.
        if col < free_from {
            continue;
        }
        let value = layout::ms_label(t, step);
        values.resize(values.len().max(col + value.len()), ' ');
        for (k, ch) in value.chars().enumerate() {
            values[col + k] = ch;
        }
        free_from = col + value.chars().count() + 1;
    }
    let line: String = line.into_iter().collect();
    let values: String = values.into_iter().collect();
    let pad = "";
    format!(
        "{pad:label_width$} └{line}\n{pad:label_width$}  {}\n",
        values.trim_end().to_string() + " ms"
    )
}
