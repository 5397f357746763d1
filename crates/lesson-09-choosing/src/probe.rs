//! What a run cost besides time: the process's peak memory and its most threads at once.
//!
//! Both come from `/proc/self/status` (Linux): `VmHWM` is the peak resident set size, and
//! `Threads` the current number of threads, which a sampler thread reads every
//! millisecond while the work runs. Elsewhere they read as unknown.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A field of `/proc/self/status` as a number (`VmHWM:   1234 kB` gives 1234).
pub fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The peak resident memory of this process so far, in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    status_field("VmHWM")
}

/// Counts this process's threads every millisecond until stopped.
pub struct ThreadSampler {
    stop: Arc<AtomicBool>,
    most: Arc<AtomicUsize>,
    sampler: Option<JoinHandle<()>>,
}

impl ThreadSampler {
    pub fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let most = Arc::new(AtomicUsize::new(0));
        let sampler = thread::spawn({
            let (stop, most) = (Arc::clone(&stop), Arc::clone(&most));
            move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(now) = status_field("Threads") {
                        most.fetch_max(now as usize, Ordering::Relaxed);
                    }
                    thread::sleep(Duration::from_millis(1));
                }
            }
        });
        Self {
            stop,
            most,
            sampler: Some(sampler),
        }
    }

    /// The most threads seen at once, not counting the sampler itself (0 if unknown).
    pub fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(sampler) = self.sampler.take() {
            let _ = sampler.join();
        }
        self.most.load(Ordering::Relaxed).saturating_sub(1)
    }
}
