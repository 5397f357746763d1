//! The line format child processes use to hand their spans to the parent.
//!
//! One span per line, tab-separated, the name last (so it may contain spaces):
//!
//! ```text
//! @kit-span  <pid>  <thread number>  <thread name or ->  <busy|blocked|wait>  <start µs>  <end µs>  <name>
//! ```
//!
//! Times are microseconds since the Unix epoch: two processes cannot compare their
//! `Instant`s, but on one machine they share the wall clock. A thread named `-` reads
//! back as unnamed; tabs and newlines in names are replaced by spaces.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Kind, Span, ThreadTag};

/// The first field of every span line.
pub const LINE_PREFIX: &str = "@kit-span";

/// A span line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad span line {line}: {reason}")]
pub struct ParseError {
    /// 1-based line number within the merged text.
    pub line: usize,
    pub reason: String,
}

pub(super) fn format(span: &Span, start_wall: SystemTime) -> String {
    let start = micros(start_wall);
    let end = start + span.duration().as_micros();
    let kind = match span.kind {
        Kind::Busy => "busy",
        Kind::Blocked => "blocked",
        Kind::Wait => "wait",
    };
    let thread_name = span.thread.name.as_deref().map_or("-".into(), clean);
    format!(
        "{LINE_PREFIX}\t{}\t{}\t{thread_name}\t{kind}\t{start}\t{end}\t{}",
        span.thread.pid,
        span.thread.number,
        clean(&span.name)
    )
}

/// Parses every span line of `text`, as offsets from `origin_wall`.
pub(super) fn parse_all(text: &str, origin_wall: SystemTime) -> Result<Vec<Span>, ParseError> {
    let origin = micros(origin_wall);
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with(LINE_PREFIX))
        .map(|(i, line)| {
            parse(line, origin).map_err(|reason| ParseError {
                line: i + 1,
                reason,
            })
        })
        .collect()
}

fn parse(line: &str, origin: u128) -> Result<Span, String> {
    let fields: Vec<&str> = line.splitn(8, '\t').collect();
    let [_, pid, number, thread_name, kind, start, end, name] = fields[..] else {
        return Err(format!(
            "expected 8 tab-separated fields, found {}",
            fields.len()
        ));
    };
    let number_field = |field: &str, what: &str| -> Result<u128, String> {
        field
            .parse()
            .map_err(|_| format!("{what} {field:?} is not a number"))
    };
    let pid = u32::try_from(number_field(pid, "pid")?).map_err(|_| "pid too large".to_string())?;
    let number = u64::try_from(number_field(number, "thread number")?)
        .map_err(|_| "thread number too large".to_string())?;
    let kind = match kind {
        "busy" => Kind::Busy,
        "blocked" => Kind::Blocked,
        "wait" => Kind::Wait,
        other => return Err(format!("kind {other:?} is not busy, blocked or wait")),
    };
    let (start, end) = (number_field(start, "start")?, number_field(end, "end")?);
    // A child that started before the parent's origin is clamped to the origin.
    let offset = |t: u128| duration_from_micros(t.saturating_sub(origin));
    let thread_name = (thread_name != "-").then_some(thread_name);
    let mut span = Span::new(
        name,
        ThreadTag::new(pid, number, thread_name),
        offset(start),
        offset(end),
    );
    span.kind = kind;
    Ok(span)
}

fn micros(t: SystemTime) -> u128 {
    // A clock set before 1970 would be a broken machine; count it as the epoch.
    t.duration_since(UNIX_EPOCH).unwrap_or_default().as_micros()
}

fn duration_from_micros(us: u128) -> Duration {
    Duration::from_micros(u64::try_from(us).unwrap_or(u64::MAX))
}

fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}
