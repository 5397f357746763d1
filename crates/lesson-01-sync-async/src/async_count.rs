//! The asynchronous count: a non-blocking wait, all counts at once on one thread.

use std::time::Duration;

use futures::future::join_all;

use crate::transcript::Transcript;

// ANCHOR: count_async
/// Says "One", suspends this count for `delay`, says "Two".
///
/// `.await` is where the count hands the thread back to the runtime; the runtime wakes
/// it when the timer fires. Other counts run in between.
pub async fn count(name: String, delay: Duration, out: &Transcript) {
    out.say(format!("{name}: One"));
    let waiting = out.waiting(&name); // only draws the timeline
    tokio::time::sleep(delay).await; // suspends this count, not the thread
    drop(waiting);
    out.say(format!("{name}: Two"));
}

/// Runs `n` counts concurrently: about one `delay` in all, however large `n` is.
pub async fn run_concurrent(n: usize, delay: Duration, out: &Transcript) {
    // Calling `count` does not start it: it returns a future, a paused computation.
    let counts = (1..=n).map(|i| count(format!("count {i}"), delay, out));
    // `join_all` polls them all from this one task, on this one thread.
    join_all(counts).await;
}
// ANCHOR_END: count_async

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[tokio::test(start_paused = true)]
    async fn three_counts_take_one_second_and_interleave() {
        let out = Transcript::silent();
        run_concurrent(3, SECOND, &out).await;
        assert!(out.elapsed() >= SECOND && out.elapsed() < SECOND * 2);
        assert_eq!(
            out.texts(),
            [
                "count 1: One",
                "count 2: One",
                "count 3: One",
                "count 1: Two",
                "count 2: Two",
                "count 3: Two"
            ]
        );
    }

    // ANCHOR: lazy
    #[tokio::test(start_paused = true)]
    async fn creating_the_futures_runs_nothing() {
        let out = Transcript::silent();
        let pending = count("lazy".to_string(), SECOND, &out);
        assert!(out.texts().is_empty(), "a future does nothing until polled");
        pending.await;
        assert_eq!(out.texts(), ["lazy: One", "lazy: Two"]);
    }
    // ANCHOR_END: lazy
}
