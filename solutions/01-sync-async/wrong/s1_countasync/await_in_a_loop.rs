//! Wrong: awaits each count in a `for` loop, so each one starts only when the one before has finished
//! Expect: 3 s means they ran one after another

use std::sync::Mutex;
use std::time::Duration;

/// What the counts said, in the order they said it.
#[derive(Debug, Default)]
pub struct Log {
    lines: Mutex<Vec<String>>,
}

impl Log {
    pub fn push(&self, line: String) {
        // A poisoned lock only means another count panicked; the lines are still usable.
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
    }

    pub fn into_lines(self) -> Vec<String> {
        self.lines.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// One count: says "One", waits without blocking the thread, says "Two".
pub async fn count(name: &str, delay: Duration, log: &Log) {
    log.push(format!("{name}: One"));
    tokio::time::sleep(delay).await;
    log.push(format!("{name}: Two"));
}

// ANCHOR: mistake
/// Runs `n` counts named "count 1" … "count n" concurrently and returns the log.
///
/// All the counts are polled by the one task that awaits `join_all`: while one sleeps,
/// the next one gets to say "One". Three 1 s counts take 1 s, not 3.
pub async fn count_concurrently(n: usize, delay: Duration) -> Vec<String> {
    let log = Log::default();
    for i in 1..=n {
        count(&format!("count {i}"), delay, &log).await;
    }
    log.into_lines()
}
// ANCHOR_END: mistake
