//! Several coroutines on one thread, taken in turns by a tiny round-robin scheduler.
//!
//! This is the seed of an event loop (lesson 05): a queue of suspended coroutines, and a
//! loop that resumes the one at the front and puts it back at the end if it yielded.
//! What is missing is waiting: every coroutine here is always ready to go on, so the
//! loop never has to ask which of them *can* make progress.

use std::collections::VecDeque;

use kit::timeline::Timeline;

use crate::generator::{BoxGen, CoroutineState, Gen};

/// The scheduler's queue: each coroutine with its name.
pub type Coroutines = Vec<(String, BoxGen<String, (), ()>)>;

/// A scheduler: runs the coroutines, returns what they yielded in order.
pub type Scheduler = fn(Coroutines, &Timeline) -> Vec<String>;

/// A coroutine that does `steps` slices of work, yielding after each one what it did.
pub fn worker(name: &str, steps: usize, work: u64) -> BoxGen<String, (), ()> {
    let name = name.to_string();
    Gen::boxed(move |co| async move {
        for step in 1..=steps {
            // Real work, so each slice shows in the timeline as a bar of its own.
            std::hint::black_box(kit::work::count_primes(work));
            co.yield_(format!("{name}{step}")).await;
        }
    })
}

// ANCHOR: round_robin
/// Resumes the coroutine at the front of the queue; if it yielded, it goes to the back.
/// Returns what they yielded, in the order they did; each resume is a span in `timeline`.
pub fn round_robin(coroutines: Coroutines, timeline: &Timeline) -> Vec<String> {
    let mut queue: VecDeque<_> = coroutines.into();
    let mut order = Vec::new();
    while let Some((name, mut coroutine)) = queue.pop_front() {
        let span = timeline.span(name.as_str());
        let state = coroutine.resume(());
        span.end();
        match state {
            CoroutineState::Yielded(what) => {
                order.push(what);
                queue.push_back((name, coroutine));
            }
            // Finished: dropped here, never resumed again.
            CoroutineState::Complete(()) => {}
        }
    }
    order
}
// ANCHOR_END: round_robin

/// For contrast: each coroutine runs to its end before the next one starts.
pub fn one_after_another(coroutines: Coroutines, timeline: &Timeline) -> Vec<String> {
    let mut order = Vec::new();
    for (name, mut coroutine) in coroutines {
        loop {
            let span = timeline.span(name.as_str());
            let state = coroutine.resume(());
            span.end();
            match state {
                CoroutineState::Yielded(what) => order.push(what),
                CoroutineState::Complete(()) => break,
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> Coroutines {
        [("a", 3), ("b", 1), ("c", 2)]
            .into_iter()
            .map(|(name, steps)| (name.to_string(), worker(name, steps, 10)))
            .collect()
    }

    #[test]
    fn round_robin_takes_turns() {
        let timeline = Timeline::new();
        let order = round_robin(three(), &timeline);
        assert_eq!(order, ["a1", "b1", "c1", "a2", "c2", "a3"]);
        // One span per resume, the last resume of each coroutine included (it says Complete).
        assert_eq!(timeline.spans().len(), 6 + 3);
    }

    #[test]
    fn one_after_another_does_not() {
        let order = one_after_another(three(), &Timeline::new());
        assert_eq!(order, ["a1", "a2", "a3", "b1", "c1", "c2"]);
    }
}
