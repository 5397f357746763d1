//! The classic pitfall, a blocking call inside async code, and its two fixes.

use std::time::Duration;

use futures::future::join_all;

use crate::transcript::Transcript;

// ANCHOR: count_blocking
/// An async count with a bug: `std::thread::sleep` blocks the runtime's only thread, so
/// no other count can run until this one is done. It compiles; it is still wrong.
pub async fn count_blocking(name: String, delay: Duration, out: &Transcript) {
    out.say(format!("{name}: One"));
    let blocked = out.blocked(&name); // only draws the timeline
    std::thread::sleep(delay); // BUG: blocks the thread every other count needs
    drop(blocked);
    out.say(format!("{name}: Two"));
}
// ANCHOR_END: count_blocking

// ANCHOR: count_spawn_blocking
/// The fix when the blocking call cannot be replaced (a sync library, heavy CPU work):
/// run it on tokio's blocking pool and await the result.
pub async fn count_spawn_blocking(name: String, delay: Duration, out: &Transcript) {
    out.say(format!("{name}: One"));
    let waiting = out.waiting(&name); // only draws the timeline
    tokio::task::spawn_blocking(move || std::thread::sleep(delay))
        .await
        // The closure only sleeps, so it cannot panic: a join error here is a bug.
        .expect("the blocking sleep panicked");
    drop(waiting);
    out.say(format!("{name}: Two"));
}
// ANCHOR_END: count_spawn_blocking

/// Runs `n` blocking counts "concurrently": they still take `n × delay`.
pub async fn run_blocking(n: usize, delay: Duration, out: &Transcript) {
    join_all((1..=n).map(|i| count_blocking(format!("count {i}"), delay, out))).await;
}

/// Runs `n` counts whose waits are on the blocking pool: about one `delay` in all, for
/// as many counts as the pool has threads (512 by default).
pub async fn run_spawn_blocking(n: usize, delay: Duration, out: &Transcript) {
    join_all((1..=n).map(|i| count_spawn_blocking(format!("count {i}"), delay, out))).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real sleeps: a blocking sleep ignores tokio's paused clock by nature. The order of
    // the lines below does not depend on how long they are, only that they are not zero.
    const SHORT: Duration = Duration::from_millis(20);
    // The only race in these tests: a blocking sleep that ended between a count's
    // `spawn_blocking` and its first poll of the handle, microseconds later, would let
    // that count say "Two" early. Half a second is a margin of five orders of magnitude,
    // and far beyond how long a loaded scheduler leaves a runnable thread waiting.
    const LONGER: Duration = Duration::from_millis(500);

    #[tokio::test(flavor = "current_thread")]
    async fn blocking_counts_run_one_after_another() {
        let out = Transcript::silent();
        run_blocking(3, SHORT, &out).await;
        // The order gives it away: each count finishes before the next one starts.
        assert_eq!(
            out.texts(),
            [
                "count 1: One",
                "count 1: Two",
                "count 2: One",
                "count 2: Two",
                "count 3: One",
                "count 3: Two"
            ]
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn spawn_blocking_lets_the_counts_interleave() {
        let out = Transcript::silent();
        run_spawn_blocking(3, LONGER, &out).await;
        let texts = out.texts();
        // All three start before any finishes; the finishing order is up to the pool.
        assert!(texts[..3].iter().all(|t| t.ends_with("One")), "{texts:?}");
        assert!(texts[3..].iter().all(|t| t.ends_with("Two")), "{texts:?}");
    }
}
