//! The four approaches, the two workloads, and one measured run of a pair of them.

use std::collections::HashSet;
use std::time::Duration;

use kit::measure;
use kit::timeline::Timeline;

use crate::io::IoTask;
use crate::{cpu, io};

/// How the tasks are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approach {
    /// One after another on the main thread.
    Sequential,
    /// One OS thread per task.
    Threads,
    /// One async task per task, on a single-threaded tokio runtime.
    Async,
    /// rayon's work-stealing pool: by default one thread per logical CPU.
    Rayon,
}

impl Approach {
    pub const ALL: [Approach; 4] = [
        Approach::Sequential,
        Approach::Threads,
        Approach::Async,
        Approach::Rayon,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Approach::Sequential => "sequential",
            Approach::Threads => "OS threads",
            Approach::Async => "async, 1 thread",
            Approach::Rayon => "rayon pool",
        }
    }

    /// A file-name-friendly name.
    pub fn slug(self) -> &'static str {
        match self {
            Approach::Sequential => "sequential",
            Approach::Threads => "threads",
            Approach::Async => "async",
            Approach::Rayon => "rayon",
        }
    }

    /// One line saying what the approach does.
    pub fn how(self) -> &'static str {
        match self {
            Approach::Sequential => "one task after another on the main thread",
            Approach::Threads => "one OS thread per task (std::thread::scope)",
            Approach::Async => "one async task per task on tokio's current_thread runtime",
            Approach::Rayon => {
                "rayon's parallel iterator over a pool of one thread per logical CPU"
            }
        }
    }
}

/// What the tasks do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// Count primes: the CPU is busy all the time.
    Cpu,
    /// Wait for a (simulated) reply: the CPU is idle nearly all the time.
    Io,
}

impl Workload {
    pub fn label(self) -> &'static str {
        match self {
            Workload::Cpu => "CPU-bound",
            Workload::Io => "IO-bound",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Workload::Cpu => "cpu",
            Workload::Io => "io",
        }
    }
}

/// The sizes of both workloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// How many tasks each workload has.
    pub tasks: usize,
    /// Each CPU task counts the primes below this.
    pub cpu_size: u64,
    /// The shape of each IO task.
    pub io: IoTask,
}

/// One measured run: how long it took and who ran where.
#[derive(Debug)]
pub struct Outcome {
    pub approach: Approach,
    pub workload: Workload,
    pub elapsed: Duration,
    pub timeline: Timeline,
    /// The tasks' combined answer (the same for every approach).
    pub answer: u64,
}

impl Outcome {
    /// How many distinct threads recorded spans.
    pub fn threads_used(&self) -> usize {
        let spans = self.timeline.spans();
        spans
            .iter()
            .map(|s| &s.thread)
            .collect::<HashSet<_>>()
            .len()
    }
}

/// Runs one workload with one approach and measures it.
pub fn run(approach: Approach, workload: Workload, sizes: &Sizes) -> Outcome {
    let tl = Timeline::new();
    let (n, size, io) = (sizes.tasks, sizes.cpu_size, sizes.io);
    let (answer, elapsed) = measure::time(|| match (workload, approach) {
        (Workload::Cpu, Approach::Sequential) => cpu::sequential(&tl, n, size),
        (Workload::Cpu, Approach::Threads) => cpu::threads(&tl, n, size),
        (Workload::Cpu, Approach::Async) => cpu::single_thread_async(&tl, n, size),
        (Workload::Cpu, Approach::Rayon) => cpu::rayon(&tl, n, size),
        (Workload::Io, Approach::Sequential) => io::sequential(&tl, n, io),
        (Workload::Io, Approach::Threads) => io::threads(&tl, n, io),
        (Workload::Io, Approach::Async) => io::single_thread_async(&tl, n, io),
        (Workload::Io, Approach::Rayon) => io::rayon(&tl, n, io),
    });
    Outcome {
        approach,
        workload,
        elapsed,
        timeline: tl,
        answer,
    }
}

/// The best speed-up over sequential an approach can reach, if switching cost nothing.
///
/// `cores` is the machine's, `pool` the number of rayon threads. CPU work speeds up only
/// with more cores running at once; IO waits overlap as far as the approach lets them:
/// every task at once with threads or async, `pool` at a time with rayon. rayon hands
/// out whole tasks, so 3 tasks on 2 threads take two rounds (1.5×), where 3 OS threads
/// share 2 cores evenly (2×).
pub fn ideal_speedup(
    approach: Approach,
    workload: Workload,
    tasks: usize,
    cores: usize,
    pool: usize,
) -> f64 {
    let tasks = tasks.max(1);
    let rounds = |workers: usize| tasks as f64 / tasks.div_ceil(workers.max(1)) as f64;
    match (workload, approach) {
        (_, Approach::Sequential) => 1.0,
        (Workload::Cpu, Approach::Async) => 1.0,
        (Workload::Cpu, Approach::Threads) => tasks.min(cores.max(1)) as f64,
        (Workload::Cpu, Approach::Rayon) => rounds(pool.min(cores)),
        (Workload::Io, Approach::Threads | Approach::Async) => tasks as f64,
        (Workload::Io, Approach::Rayon) => rounds(pool),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideal_speedups_follow_cores_for_cpu_and_tasks_for_io() {
        use Approach::*;
        use Workload::*;
        let ideal = |a, w, tasks| ideal_speedup(a, w, tasks, 2, 2);
        assert_eq!(ideal(Sequential, Cpu, 4), 1.0);
        assert_eq!(ideal(Async, Cpu, 4), 1.0);
        assert_eq!(ideal(Threads, Cpu, 4), 2.0);
        assert_eq!(ideal(Threads, Cpu, 1), 1.0);
        assert_eq!(ideal(Rayon, Cpu, 3), 1.5);
        assert_eq!(ideal(Threads, Cpu, 3), 2.0);
        assert_eq!(ideal(Async, Io, 4), 4.0);
        assert_eq!(ideal(Threads, Io, 8), 8.0);
        assert_eq!(ideal(Rayon, Io, 4), 2.0);
    }
}
