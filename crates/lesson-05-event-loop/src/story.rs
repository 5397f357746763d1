//! Telling a trace: the loop's diary as numbered lines, and as a timeline picture.

use std::collections::HashMap;
use std::time::Duration;

use kit::timeline::{Span, ThreadTag, Timeline};
use lesson_05::trace::{Cause, Entry, MAIN, Step, TaskId};

/// Task names for the story (`main`, `count 1`, …; unnamed tasks are `task N`), and
/// thread names (`worker 1`, …; unnamed threads are `thread N`).
#[derive(Debug, Default, Clone)]
pub struct Names(HashMap<TaskId, String>, HashMap<u64, String>);

impl Names {
    pub fn new() -> Self {
        let mut names = Self::default();
        names.set(MAIN, "main");
        names
    }

    pub fn set(&mut self, id: TaskId, name: impl Into<String>) -> &mut Self {
        self.0.insert(id, name.into());
        self
    }

    pub fn set_thread(&mut self, thread: u64, name: impl Into<String>) -> &mut Self {
        self.1.insert(thread, name.into());
        self
    }

    pub fn thread(&self, thread: u64) -> String {
        self.1
            .get(&thread)
            .cloned()
            .unwrap_or_else(|| format!("thread {thread}"))
    }

    pub fn of(&self, id: TaskId) -> String {
        self.0
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("task {id}"))
    }

    fn cause(&self, woken: TaskId, cause: Cause) -> String {
        match cause {
            Cause::Task(id) if id == woken => "itself (a yield)".to_string(),
            Cause::Task(id) => format!("{} (running on the loop)", self.of(id)),
            other => other.to_string(),
        }
    }
}

/// The diary as lines a reader can follow: "poll count 1 → pending", "park until …".
/// A poll and its answer make one line; what happened during the poll (on the same
/// thread) follows it, indented. At most `limit` lines, then a count of the rest.
pub fn narrate(entries: &[Entry], names: &Names, limit: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut done = vec![false; entries.len()];
    // A story shorter than 0.1 s is told in milliseconds, or every line would say 0.000 s.
    let short = entries
        .last()
        .is_some_and(|e| e.at < Duration::from_millis(100));
    let stamp_of = |at: Duration| {
        if short {
            format!("[{:>6.3} ms]", at.as_secs_f64() * 1e3)
        } else {
            format!("[{:>7.3} s]", at.as_secs_f64())
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        if done[i] {
            continue;
        }
        // A park that returned at once and parked again (a wake while the loop was
        // running leaves the thread an unpark "token", so its next park returns
        // immediately, finds nothing, and parks again): tell it once.
        if let (Step::Parked { until }, Some(next), Some(again)) =
            (&entry.step, entries.get(i + 1), entries.get(i + 2))
            && next.step == Step::Unparked
            && again.step == (Step::Parked { until: *until })
            && next.thread == entry.thread
            && again.thread == entry.thread
        {
            done[i + 1] = true;
            continue;
        }
        let stamp = stamp_of(entry.at);
        if let Step::Polled(id) = entry.step {
            // Find the answer; what lies between on this thread happened in the poll.
            let mut inner = Vec::new();
            let mut answer = "still running";
            for (j, later) in entries.iter().enumerate().skip(i + 1) {
                if later.thread != entry.thread {
                    continue;
                }
                done[j] = true;
                match later.step {
                    Step::Pending(p) if p == id => {
                        answer = "pending";
                        break;
                    }
                    Step::Ready(r) if r == id => {
                        answer = "ready (done)";
                        break;
                    }
                    _ => inner.push(describe(&later.step, names)),
                }
            }
            lines.push(format!("{stamp} poll   {} → {answer}", names.of(id)));
            lines.extend(
                inner
                    .into_iter()
                    .map(|text| format!("{:13}   · {text}", "")),
            );
        } else {
            lines.push(format!("{stamp} {}", describe(&entry.step, names)));
        }
    }
    if lines.len() > limit {
        let rest = lines.len() - limit;
        lines.truncate(limit);
        lines.push(format!("… and {rest} more lines"));
    }
    lines
}

fn describe(step: &Step, names: &Names) -> String {
    match step {
        Step::Spawned(id) => format!("spawn  {} (queued)", names.of(*id)),
        Step::Polled(id) => format!("poll   {}", names.of(*id)),
        Step::Pending(id) => format!("       {} → pending", names.of(*id)),
        Step::Ready(id) => format!("       {} → ready (done)", names.of(*id)),
        Step::Woken(id, cause) => {
            format!(
                "wake   {}, woken by {}",
                names.of(*id),
                names.cause(*id, *cause)
            )
        }
        Step::Parked { until: Some(t) } => format!(
            "park   nothing ready: sleep until {:.3} s (the next timer)",
            t.as_secs_f64()
        ),
        Step::Parked { until: None } => {
            "park   nothing ready, no timer: sleep until something wakes a task".to_string()
        }
        Step::Unparked => "unpark awake again".to_string(),
        Step::Said(text) => format!("says   {text:?}"),
    }
}

/// The diary as a timeline: a row per task (solid while polled, pale while pending,
/// unless `waits` is false) and a row for the loop (pale while it sleeps). Each span
/// keeps the thread it ran on, for charts with a row per thread.
pub fn timeline(entries: &[Entry], names: &Names, waits: bool) -> Timeline {
    let tl = Timeline::new();
    let pid = std::process::id();
    let tag = |thread: u64| ThreadTag::new(pid, thread, Some(&names.thread(thread)));
    // Per task: when its current poll began, and when it last went pending.
    let mut polled: HashMap<TaskId, (Duration, u64)> = HashMap::new();
    let mut pending: HashMap<TaskId, (Duration, u64)> = HashMap::new();
    let mut parked: HashMap<u64, Duration> = HashMap::new();
    let end = entries.last().map_or(Duration::ZERO, |e| e.at);
    for entry in entries {
        match &entry.step {
            Step::Polled(id) => {
                if let Some((from, thread)) = pending.remove(id)
                    && waits
                {
                    tl.push(Span::new(names.of(*id), tag(thread), from, entry.at).waiting());
                }
                polled.insert(*id, (entry.at, entry.thread));
            }
            Step::Pending(id) | Step::Ready(id) => {
                if let Some((from, thread)) = polled.remove(id) {
                    tl.push(Span::new(names.of(*id), tag(thread), from, entry.at));
                }
                if matches!(entry.step, Step::Pending(_)) {
                    pending.insert(*id, (entry.at, entry.thread));
                }
            }
            Step::Parked { .. } => {
                parked.insert(entry.thread, entry.at);
            }
            Step::Unparked => {
                if let Some(from) = parked.remove(&entry.thread) {
                    let name = loop_row(entries, entry.thread, names);
                    tl.push(Span::new(name, tag(entry.thread), from, entry.at).waiting());
                }
            }
            Step::Spawned(_) | Step::Woken(..) | Step::Said(_) => {}
        }
    }
    for (id, (from, thread)) in pending.into_iter().filter(|_| waits) {
        tl.push(Span::new(names.of(id), tag(thread), from, end).waiting());
    }
    tl
}

/// "loop (asleep)" for a one-thread trace; "worker N (idle)" when several threads park.
fn loop_row(entries: &[Entry], thread: u64, names: &Names) -> String {
    let mut parking: Vec<u64> = entries
        .iter()
        .filter(|e| matches!(e.step, Step::Parked { .. }))
        .map(|e| e.thread)
        .collect();
    parking.sort_unstable();
    parking.dedup();
    if parking.len() <= 1 {
        "loop (asleep)".to_string()
    } else {
        format!("{} (idle)", names.thread(thread))
    }
}
