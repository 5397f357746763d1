//! The SVG picture for the book, written by hand (an SVG is just text).
//!
//! Layout, top to bottom: the title; one band per row with its label on the left and
//! the spans as bars (one colour per task; busy solid, blocked half-tone and hatched,
//! waiting pale and dashed); the time axis in ms with grid lines; a legend of tasks and
//! of the kinds of span.
//!
//! Tasks that overlap in time within one row (several async tasks on one thread) get a
//! lane each inside the row's band, so a picture shows both *which thread* and *which
//! tasks were in progress together*.

use std::fmt::Write;

use super::layout::{self, Window, cut};
use super::{Kind, Rows, Span};

const WIDTH: f64 = 900.0;
const MARGIN: f64 = 16.0;
/// The height of one lane; a row is as many lanes as it needs, plus padding.
const LANE_HEIGHT: f64 = 22.0;
const ROW_PADDING: f64 = 6.0;
const BAR_HEIGHT: f64 = 18.0;
/// A rough width of one character at 13 px: enough to size columns and fit labels.
const CHAR_WIDTH: f64 = 7.2;
/// The label column's width: as wide as the longest label, within these bounds.
const MIN_LABEL_WIDTH: f64 = 60.0;
const MAX_LABEL_WIDTH: f64 = 260.0;
/// Room left of and after a label in its column.
const LABEL_PADDING: f64 = 16.0;
/// Labels longer than this are cut (with `…`), so that they stop before the bars.
const MAX_LABEL_CHARS: usize = ((MAX_LABEL_WIDTH - LABEL_PADDING) / CHAR_WIDTH) as usize;
const FONT: &str = "font-family=\"Helvetica, Arial, sans-serif\"";
/// Colours dark enough to carry white text, told apart by hue.
const PALETTE: [&str; 10] = [
    "#3b6ea8", "#c8553d", "#3f8f4f", "#8e5aa8", "#a0522d", "#c2477f", "#2a8c8c", "#6b6b6b",
    "#8a7a1f", "#d07a1a",
];

pub(super) fn render(spans: &[Span], by: Rows, title: &str) -> String {
    let mut spans = spans.to_vec();
    spans.sort_by_key(|s| (s.start, s.end));
    let window = Window::of(&spans);
    let rows = layout::rows(&spans, by);
    let tasks = layout::tasks(&spans);
    let colour = |name: &str| {
        let i = tasks.iter().position(|t| *t == name).unwrap_or(0);
        PALETTE[i % PALETTE.len()]
    };

    let labels: Vec<String> = rows
        .iter()
        .map(|r| cut(&r.label, MAX_LABEL_CHARS))
        .collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let label_width =
        (longest as f64 * CHAR_WIDTH + LABEL_PADDING).clamp(MIN_LABEL_WIDTH, MAX_LABEL_WIDTH);
    let x0 = MARGIN + label_width;
    let x1 = WIDTH - 2.0 * MARGIN;
    let x_of = |t| x0 + window.fraction(t) * (x1 - x0);
    let top = 48.0;
    let lanes: Vec<Vec<Vec<usize>>> = rows.iter().map(|row| layout::lanes(&spans, row)).collect();
    // The top of each row, and the bottom of the last one.
    let mut row_tops = vec![top];
    for row_lanes in &lanes {
        let last = row_tops[row_tops.len() - 1];
        row_tops.push(last + row_lanes.len() as f64 * LANE_HEIGHT + ROW_PADDING);
    }
    let axis_y = row_tops[rows.len()] + 4.0;

    let mut body = String::new();
    let any_blocked = spans.iter().any(|s| s.kind == Kind::Blocked);
    if any_blocked {
        // White diagonal stripes laid over a blocked bar: the task's colour shows through,
        // so the bar still says whose it is, and the stripes say "held, not working".
        let _ = writeln!(
            body,
            r##"<defs><pattern id="blocked-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" fill-opacity="0.55"/></pattern></defs>"##
        );
    }
    let _ = writeln!(
        body,
        r#"<text x="{MARGIN}" y="28" {FONT} font-size="16" font-weight="bold">{}</text>"#,
        escape(title)
    );

    // Row bands and labels (a cut label keeps its whole text as a tooltip).
    for (r, (row, label)) in rows.iter().zip(&labels).enumerate() {
        let (y, height) = (row_tops[r], row_tops[r + 1] - row_tops[r]);
        if r % 2 == 0 {
            let _ = writeln!(
                body,
                r##"<rect x="{MARGIN}" y="{y:.1}" width="{:.1}" height="{height:.1}" fill="#f3f4f6"/>"##,
                x1 - MARGIN
            );
        }
        let tooltip = if *label == row.label {
            String::new()
        } else {
            format!("<title>{}</title>", escape(&row.label))
        };
        let _ = writeln!(
            body,
            r##"<text x="{:.1}" y="{:.1}" {FONT} font-size="13" fill="#222">{tooltip}{}</text>"##,
            MARGIN + 6.0,
            y + ROW_PADDING / 2.0 + LANE_HEIGHT / 2.0 + 4.5,
            escape(label)
        );
    }

    // Grid lines and the time axis.
    let (step, ticks) = layout::ticks(&window, 8);
    for &t in &ticks {
        let x = x_of(window.start + t);
        let _ = writeln!(
            body,
            r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}" stroke="#d0d4da" stroke-width="1"/>"##,
            axis_y + 5.0
        );
        let _ = writeln!(
            body,
            r##"<text x="{x:.1}" y="{:.1}" {FONT} font-size="12" fill="#333" text-anchor="middle">{}</text>"##,
            axis_y + 19.0,
            layout::ms_label(t, step)
        );
    }
    let _ = writeln!(
        body,
        r##"<line x1="{x0:.1}" y1="{axis_y:.1}" x2="{x1:.1}" y2="{axis_y:.1}" stroke="#333" stroke-width="1"/>"##
    );
    let _ = writeln!(
        body,
        r##"<text x="{:.1}" y="{:.1}" {FONT} font-size="12" fill="#333" text-anchor="middle">time (ms)</text>"##,
        (x0 + x1) / 2.0,
        axis_y + 36.0
    );

    // The bars, drawn after the grid so they sit on top of it, each at its lane's y.
    let mut bars: Vec<(f64, &Span)> = Vec::new();
    for (row_lanes, row_top) in lanes.iter().zip(&row_tops) {
        for (l, lane) in row_lanes.iter().enumerate() {
            let y = row_top + ROW_PADDING / 2.0 + l as f64 * LANE_HEIGHT;
            let y = y + (LANE_HEIGHT - BAR_HEIGHT) / 2.0;
            bars.extend(lane.iter().map(|&i| (y, &spans[i])));
        }
    }
    for (y, span) in bars {
        let x = x_of(span.start);
        // At least one pixel wide, so that very short spans still show.
        let w = (x_of(span.end) - x).max(1.0);
        let fill = colour(&span.name);
        let style = style_of(span.kind, fill);
        let _ = writeln!(
            body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{BAR_HEIGHT}" rx="2" {style}><title>{}</title></rect>"#,
            escape(&tooltip(span, &window))
        );
        if span.kind == Kind::Blocked {
            let _ = writeln!(
                body,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{BAR_HEIGHT}" rx="2" fill="url(#blocked-hatch)" pointer-events="none"/>"#
            );
        }
        // Rows by thread name the task inside its bar, where it fits.
        let fits = w >= span.name.chars().count() as f64 * CHAR_WIDTH + 8.0;
        if by == Rows::Thread && fits {
            let ink = if span.kind != Kind::Wait {
                "#fff"
            } else {
                "#222"
            };
            let _ = writeln!(
                body,
                r#"<text x="{:.1}" y="{:.1}" {FONT} font-size="12" fill="{ink}">{}</text>"#,
                x + 4.0,
                y + BAR_HEIGHT / 2.0 + 4.0,
                escape(&span.name)
            );
        }
    }

    // The legend: one swatch per task, then busy vs waiting; wraps at the right edge.
    let mut x = MARGIN;
    let mut y = axis_y + 56.0;
    let mut entries: Vec<(String, String)> = tasks
        .iter()
        .map(|name| (name.to_string(), format!(r#"fill="{}""#, colour(name))))
        .collect();
    // Busy and waiting always (every picture of the course reads against them); blocked
    // only where a blocked span is drawn.
    let kinds = [Kind::Busy, Kind::Blocked, Kind::Wait]
        .into_iter()
        .filter(|&k| k != Kind::Blocked || any_blocked);
    entries.extend(kinds.map(|k| (k.word().to_string(), style_of(k, "#555"))));
    for (name, style) in &entries {
        let w = 20.0 + name.chars().count() as f64 * CHAR_WIDTH + 18.0;
        if x + w > WIDTH - MARGIN && x > MARGIN {
            x = MARGIN;
            y += 22.0;
        }
        let _ = writeln!(
            body,
            r#"<rect x="{x:.1}" y="{:.1}" width="14" height="14" rx="2" {style}/>"#,
            y - 11.0
        );
        if name == Kind::Blocked.word() {
            let _ = writeln!(
                body,
                r#"<rect x="{x:.1}" y="{:.1}" width="14" height="14" rx="2" fill="url(#blocked-hatch)"/>"#,
                y - 11.0
            );
        }
        let _ = writeln!(
            body,
            r##"<text x="{:.1}" y="{y:.1}" {FONT} font-size="13" fill="#222">{}</text>"##,
            x + 20.0,
            escape(name)
        );
        x += w;
    }

    let height = y + MARGIN;
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h:.0}" viewBox="0 0 {w} {h:.0}" role="img">"#,
            "\n<title>{title}</title>\n",
            r##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
            "\n{body}</svg>\n"
        ),
        w = WIDTH,
        h = height,
        title = escape(title),
        body = body
    )
}

/// The fill (and stroke) of a bar of this kind, in the task's colour.
fn style_of(kind: Kind, fill: &str) -> String {
    match kind {
        Kind::Busy => format!(r#"fill="{fill}""#),
        Kind::Blocked => format!(r#"fill="{fill}" fill-opacity="0.6" stroke="{fill}""#),
        Kind::Wait => {
            format!(r#"fill="{fill}" fill-opacity="0.22" stroke="{fill}" stroke-dasharray="4 2""#)
        }
    }
}

fn tooltip(span: &Span, window: &Window) -> String {
    let ms = |t: std::time::Duration| t.saturating_sub(window.start).as_secs_f64() * 1000.0;
    let kind = span.kind.word();
    let thread = span.thread.name.as_deref().unwrap_or("unnamed thread");
    format!(
        "{}: {kind} {:.1}–{:.1} ms on {thread} (pid {})",
        span.name,
        ms(span.start),
        ms(span.end),
        span.thread.pid
    )
}

/// Escapes text for XML content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}
