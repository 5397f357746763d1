//! Step 4: the decision itself. Given a description of a workload, name the approach.

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

/// Below this much work in all, starting threads or a runtime costs more than it saves
/// (a thread starts in tens of microseconds; the chapter measures it).
const WORTH_SHARING_MICROS: u64 = 1_000;

/// The approach that fits `workload`.
pub fn choose(workload: &Workload) -> Approach {
    // ANCHOR: choose
    // 1. A crash that must be contained decides before anything else.
    if workload.needs_isolation {
        return Approach::ProcessPool;
    }
    // 2. One job, or too little work in all, is not worth sharing out.
    let total = workload.micros_per_job.saturating_mul(workload.jobs as u64);
    if workload.jobs <= 1 || total < WORTH_SHARING_MICROS {
        return Approach::Sequential;
    }
    // 3. Where does the time go, and can the waits be async?
    match (workload.kind, workload.blocking_library_only) {
        (Kind::Cpu, _) => Approach::Rayon,
        (Kind::Io | Kind::Mixed, true) => Approach::ThreadPool,
        (Kind::Io, false) => Approach::Async,
        (Kind::Mixed, false) => Approach::AsyncWithOffload,
    }
    // ANCHOR_END: choose
}
