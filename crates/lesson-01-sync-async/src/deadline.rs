//! Two tools the exercises need: `tokio::join!` for futures of different types, and
//! `tokio::time::timeout` for a deadline (which cancels what it gives up on).
//!
//! What `timeout` does, from tokio's `time/timeout.rs`: the `Timeout` future owns the
//! future it runs. Each poll polls that future first, then the timer; if the timer has
//! fired, it answers `Err(Elapsed)`. So a deadline can only be noticed when the inner
//! future hands control back (returns `Pending`): one that blocks its thread cannot be
//! interrupted. The inner future is dropped with the `Timeout`, which here is right after
//! the `.await` (a caller that keeps the `Timeout` can even take the future back with
//! `into_inner`). Dropping cancels only what the future owns: a `JoinHandle` dropped with
//! it detaches its task, and `spawn_blocking` work (or a `tokio::fs` call underneath)
//! runs to its end anyway.

use std::time::Duration;

use tokio::time::error::Elapsed;

use crate::async_count::run_concurrent;
use crate::transcript::Transcript;

/// Says "tick" every `every` while less than `until` has passed; returns how many ticks.
pub async fn heartbeat(every: Duration, until: Duration, out: &Transcript) -> u32 {
    let mut ticks = 0;
    let mut elapsed = every;
    while elapsed < until {
        let waiting = out.waiting("heartbeat"); // only draws the timeline
        tokio::time::sleep(every).await;
        drop(waiting);
        ticks += 1;
        out.say(format!("heartbeat: tick {ticks}"));
        elapsed += every;
    }
    ticks
}

// ANCHOR: join
/// Runs the counts and a heartbeat side by side. `join!` takes futures of different
/// output types (here `()` and `u32`) and hands back a tuple once all are done.
pub async fn counts_with_heartbeat(n: usize, delay: Duration, out: &Transcript) -> u32 {
    let ((), ticks) = tokio::join!(
        run_concurrent(n, delay, out),
        heartbeat(delay / 4, delay, out),
    );
    ticks
}
// ANCHOR_END: join

// ANCHOR: deadline
/// Runs the counts, but gives up after `deadline`. When the timer wins, `timeout` answers
/// `Err(Elapsed)`, and the unfinished future, with every count inside, is dropped with
/// the `Timeout` right after this `.await`: that is cancellation in Rust.
pub async fn counts_with_deadline(
    n: usize,
    delay: Duration,
    deadline: Duration,
    out: &Transcript,
) -> Result<(), Elapsed> {
    tokio::time::timeout(deadline, run_concurrent(n, delay, out)).await
}
// ANCHOR_END: deadline

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[tokio::test(start_paused = true)]
    async fn the_heartbeat_ticks_between_one_and_two() {
        let out = Transcript::silent();
        let ticks = counts_with_heartbeat(2, SECOND, &out).await;
        assert_eq!(ticks, 3);
        assert_eq!(
            out.texts(),
            [
                "count 1: One",
                "count 2: One",
                "heartbeat: tick 1",
                "heartbeat: tick 2",
                "heartbeat: tick 3",
                "count 1: Two",
                "count 2: Two"
            ]
        );
        assert!(out.elapsed() >= SECOND && out.elapsed() < SECOND * 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_deadline_drops_the_counts_before_they_say_two() {
        let out = Transcript::silent();
        let result = counts_with_deadline(3, SECOND, SECOND / 2, &out).await;
        assert!(result.is_err());
        assert!(out.elapsed() >= SECOND / 2 && out.elapsed() < SECOND);
        assert_eq!(
            out.texts(),
            ["count 1: One", "count 2: One", "count 3: One"]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_generous_deadline_changes_nothing() {
        let out = Transcript::silent();
        assert!(
            counts_with_deadline(1, SECOND, SECOND * 2, &out)
                .await
                .is_ok()
        );
        assert_eq!(out.texts(), ["count 1: One", "count 1: Two"]);
    }
}
