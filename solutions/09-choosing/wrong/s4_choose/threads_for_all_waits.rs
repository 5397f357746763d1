//! Wrong: threads for every wait, async never, even for ten thousand connections
//! Expect: wants Async, not ThreadPool

/// Where a workload's time goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Computing on data already in memory.
    Cpu,
    /// Waiting for disks, networks or other programs.
    Io,
    /// Both: waits, each followed by real computing.
    Mixed,
}

/// A workload, described by what decides the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    pub kind: Kind,
    /// How many independent jobs there are.
    pub jobs: usize,
    /// How long one job takes on its own, in microseconds.
    pub micros_per_job: u64,
    /// The only library for the waits blocks its thread (no async version exists).
    pub blocking_library_only: bool,
    /// A job may crash, leak or corrupt memory (an untrusted or unsafe native library),
    /// and that must not take the program down with it.
    pub needs_isolation: bool,
}

/// The approaches of the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approach {
    /// A plain loop: the work is too small (or too single) to share out.
    Sequential,
    /// rayon (or scoped threads): all cores computing at once.
    Rayon,
    /// A bounded pool of threads, for waits only a blocking library can do.
    ThreadPool,
    /// Worker processes: a crash stays inside its process.
    ProcessPool,
    /// Async tasks on a runtime: many waits in flight on few threads.
    Async,
    /// Async for the waits, with the computing handed to `spawn_blocking` or rayon.
    AsyncWithOffload,
}

// ANCHOR: mistake
/// The approach that fits `workload`.
pub fn choose(workload: &Workload) -> Approach {
    if workload.needs_isolation {
        return Approach::ProcessPool;
    }
    let total = workload.micros_per_job.saturating_mul(workload.jobs as u64);
    if workload.jobs <= 1 || total < 1_000 {
        return Approach::Sequential;
    }
    match workload.kind {
        Kind::Cpu => Approach::Rayon,
        // A thread per wait "works" too: until there are thousands of them.
        Kind::Io | Kind::Mixed => Approach::ThreadPool,
    }
}
// ANCHOR_END: mistake
