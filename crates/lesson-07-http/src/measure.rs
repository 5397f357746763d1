//! What every run reports: wall time, requests per second, peak in flight (from the
//! server's `/stats` when it has one, else counted by the client), the process's peak
//! thread count and peak memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::thread;
use std::time::{Duration, Instant};

use delay_server::Stats;

use crate::target::Target;

/// How one request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx answer.
    Ok,
    /// An answer, but not a success.
    Status(u16),
    /// No answer within the per-request timeout.
    TimedOut,
    /// Refused, reset, or cut short.
    Broken,
    /// Never finished: the overall deadline came first.
    Deadline,
}

impl Outcome {
    pub fn from_reqwest(result: Result<u16, reqwest::Error>) -> Self {
        match result {
            Ok(status) if (200..300).contains(&status) => Outcome::Ok,
            Ok(status) => Outcome::Status(status),
            Err(err) if err.is_timeout() => Outcome::TimedOut,
            Err(_) => Outcome::Broken,
        }
    }

    pub fn reason(&self) -> String {
        match self {
            Outcome::Ok => "ok".into(),
            Outcome::Status(s) => format!("status {s}"),
            Outcome::TimedOut => "timed out".into(),
            Outcome::Broken => "connection broken".into(),
            Outcome::Deadline => "overall deadline".into(),
        }
    }
}

/// Requests in flight as the client counts them: up when a request starts, down when
/// its answer (or error) is in. The server's own mark is the better witness; this one
/// works against any server.
#[derive(Debug, Default)]
pub struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    pub fn enter(&self) -> GaugeGuard<'_> {
        let now = self.now.fetch_add(1, SeqCst) + 1;
        self.peak.fetch_max(now, SeqCst);
        GaugeGuard(self)
    }
    pub fn peak(&self) -> usize {
        self.peak.load(SeqCst)
    }
}

pub struct GaugeGuard<'a>(&'a Gauge);

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, SeqCst);
    }
}

/// A field of `/proc/self/status` in its own unit (kB for memory, a count for threads).
fn proc_status(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// Resets the kernel's peak-memory mark (VmHWM) to the present size: writing 5 to
/// `/proc/self/clear_refs` does that (Linux 4.0 and later, see proc(5)). Returns false
/// where it is not allowed, and the peak is then the process's peak so far.
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Samples the process's thread count every millisecond while a run goes on: threads
/// that come and go between two samples are missed, so it is a lower bound.
struct ThreadSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicUsize>,
    handle: Option<thread::JoinHandle<()>>,
}

impl ThreadSampler {
    fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicUsize::new(0));
        let (s, p) = (stop.clone(), peak.clone());
        let handle = thread::Builder::new()
            .name("sampler".into())
            .spawn(move || {
                while !s.load(SeqCst) {
                    if let Some(n) = proc_status("Threads:") {
                        p.fetch_max(n as usize, SeqCst);
                    }
                    thread::sleep(Duration::from_millis(1));
                }
            })
            .ok();
        Self { stop, peak, handle }
    }

    /// The peak, minus the sampler itself.
    fn finish(mut self) -> usize {
        self.stop.store(true, SeqCst);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        self.peak.load(SeqCst).saturating_sub(1)
    }
}

/// One run's measurements.
#[derive(Debug)]
pub struct Report {
    pub name: String,
    pub wall: Duration,
    pub outcomes: Vec<Outcome>,
    pub server: Option<Stats>,
    pub client_peak: usize,
    pub threads: usize,
    pub peak_kib: Option<u64>,
    pub memory_reset: bool,
}

impl Report {
    pub fn ok(&self) -> usize {
        self.outcomes.iter().filter(|o| **o == Outcome::Ok).count()
    }

    /// The server's mark if it has one, else the client's.
    pub fn peak_in_flight(&self) -> String {
        match &self.server {
            Some(stats) => format!("{} (server)", stats.max_in_flight),
            None => format!("{} (client)", self.client_peak),
        }
    }

    pub fn row(&self) -> Vec<String> {
        let n = self.outcomes.len();
        let rate = n as f64 / self.wall.as_secs_f64().max(1e-9);
        vec![
            self.name.clone(),
            format!("{:.3} s", self.wall.as_secs_f64()),
            format!("{rate:.0}"),
            self.peak_in_flight(),
            self.threads.to_string(),
            self.peak_kib
                .map_or("n/a".into(), |k| format!("{:.1}", k as f64 / 1024.0)),
            format!("{}/{n}", self.ok()),
        ]
    }

    pub const HEADER: [&'static str; 7] = [
        "run",
        "wall",
        "req/s",
        "peak in flight",
        "threads",
        "peak MiB",
        "ok",
    ];
}

/// Runs `body` (which fills the gauge and returns one outcome per request) with the
/// server's counters reset before and read after, and the process watched meanwhile.
pub fn measure(
    target: &Target,
    name: &str,
    gauge: &Gauge,
    body: impl FnOnce() -> Vec<Outcome>,
) -> Report {
    target.reset_stats();
    let memory_reset = reset_peak_memory();
    let sampler = ThreadSampler::start();
    let start = Instant::now();
    let outcomes = body();
    let wall = start.elapsed();
    let threads = sampler.finish();
    Report {
        name: name.to_string(),
        wall,
        outcomes,
        server: target.stats(),
        client_peak: gauge.peak(),
        threads,
        peak_kib: proc_status("VmHWM:"),
        memory_reset,
    }
}
