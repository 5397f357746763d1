//! Step 1: run the counts concurrently.

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

/// Runs `n` counts named "count 1" … "count n" concurrently and returns the log.
///
/// Three 1 s counts must take 1 s, not 3, and all say "One" before any says "Two".
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub async fn count_concurrently(n: usize, delay: Duration) -> Vec<String> {
    // TODO: make a `Log`, build one `count(...)` future per name, and run them all at
    // once with `futures::future::join_all`; then return `log.into_lines()`.
    // (Awaiting each count in a `for` loop runs them one after another: 3 s.)
    todo!("run the counts concurrently")
}
