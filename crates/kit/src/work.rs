//! Shared workloads: one CPU-bound, one IO-bound, so every lesson compares like with like.
//!
//! - CPU-bound: [`count_primes`] keeps a core busy for as long as its size says. Nothing
//!   waits; only more cores make it finish sooner.
//! - IO-bound: [`simulated_io`] (blocking, for threads) and [`simulated_io_async`] (for
//!   async tasks) stand in for a database or web call: the time passes in waiting, not
//!   in computing, so many of them can wait at once.

use std::hint::black_box;
use std::time::Duration;

use crate::measure;

// ANCHOR: count_primes
/// Counts the primes below `below` by trial division: deliberately plain CPU work.
///
/// The cost grows a little faster than `below` (about `below^1.5`). `black_box` hides
/// the input and the result from the optimiser (a best-effort hint, not a guarantee),
/// so that it does not compute the count ahead of time or skip the loop.
pub fn count_primes(below: u64) -> u64 {
    let below = black_box(below);
    let mut count = 0;
    for n in 2..below {
        if is_prime(n) {
            count += 1;
        }
    }
    black_box(count)
}

fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}
// ANCHOR_END: count_primes

/// Finds a size for [`count_primes`] that takes about `target` on this machine.
///
/// Doubles the size until a call takes a measurable time, scales it to the target with
/// the cost model, then measures once more at that size and corrects. Each measurement
/// is the fastest of a few calls, so a moment of load on the machine does not shrink
/// the size. Good to ~10 %: enough for demos to last what they promise on a fast laptop
/// and on a slow CI machine alike. Costs about three times `target` (the correction's
/// calls), plus a few milliseconds.
pub fn calibrate(target: Duration) -> u64 {
    calibrate_with(target, |size| measure::time(|| count_primes(size)).1)
}

/// How many calls each measurement of [`calibrate`] takes the fastest of.
const CALLS: usize = 3;

/// [`calibrate`], with the timing of one call passed in (`time_one(size)`), so that the
/// search can be tested against a made-up machine.
fn calibrate_with(target: Duration, mut time_one: impl FnMut(u64) -> Duration) -> u64 {
    // Primes cost about sqrt(n) divisions each, composites far fewer, so the total grows
    // a little slower than below^1.5.
    const GROWTH: f64 = 1.4;
    let mut fastest = |size: u64| (0..CALLS).map(|_| time_one(size)).min().unwrap_or_default();
    let scale = |size: u64, took: Duration| {
        let ratio = target.as_secs_f64() / took.as_secs_f64().max(1e-9);
        ((size as f64) * ratio.powf(1.0 / GROWTH)).max(100.0) as u64
    };
    let mut size: u64 = 1_000;
    let mut took = fastest(size);
    while took < Duration::from_millis(5) && size < 1 << 40 {
        size *= 2;
        took = fastest(size);
    }
    let estimate = scale(size, took);
    if estimate <= size {
        return estimate;
    }
    scale(estimate, fastest(estimate))
}

/// A blocking wait standing in for an IO call (a query, a download): the calling
/// thread sleeps, using no CPU, and can do nothing else meanwhile.
pub fn simulated_io(wait: Duration) {
    std::thread::sleep(wait);
}

/// The async twin of [`simulated_io`]: the task waits, and its thread is free to run
/// other tasks meanwhile. Needs a tokio runtime (with the timer enabled).
pub async fn simulated_io_async(wait: Duration) {
    tokio::time::sleep(wait).await;
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn counts_the_primes() {
        assert_eq!(count_primes(0), 0);
        assert_eq!(count_primes(3), 1); // 2
        assert_eq!(count_primes(100), 25);
        assert_eq!(count_primes(10_000), 1_229);
    }

    /// A made-up machine on which counting below `size` takes `size^1.5` ns: a little
    /// steeper than the cost model, so the correction pass has something to correct.
    fn made_up(size: u64) -> Duration {
        Duration::from_nanos((size as f64).powf(1.5) as u64)
    }

    /// How far the time of `size` on the made-up machine is from `target`, as a fraction.
    fn miss(size: u64, target: Duration) -> f64 {
        (made_up(size).as_secs_f64() / target.as_secs_f64() - 1.0).abs()
    }

    #[test]
    fn calibration_lands_near_the_target() {
        for ms in [20, 200, 2_000] {
            let target = Duration::from_millis(ms);
            let size = calibrate_with(target, made_up);
            assert!(
                miss(size, target) < 0.1,
                "{ms} ms: size {size} takes {:?}",
                made_up(size)
            );
        }
    }

    #[test]
    fn calibration_takes_the_fastest_of_a_few_calls() {
        // A moment of load: every size's first call is ten times slower than it should be.
        let target = Duration::from_millis(200);
        let mut calls: HashMap<u64, usize> = HashMap::new();
        let size = calibrate_with(target, |size| {
            let n = calls.entry(size).or_insert(0);
            *n += 1;
            made_up(size) * if *n == 1 { 10 } else { 1 }
        });
        assert_eq!(
            size,
            calibrate_with(target, made_up),
            "the slow calls were used"
        );
        assert!(calls.values().all(|&n| n == CALLS), "{calls:?}");
    }

    #[test]
    fn a_tiny_target_gives_the_smallest_size() {
        assert_eq!(calibrate_with(Duration::from_nanos(1), made_up), 100);
    }

    #[tokio::test(start_paused = true)]
    async fn async_io_waits_in_virtual_time() {
        let start = tokio::time::Instant::now();
        simulated_io_async(Duration::from_secs(5)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }
}
