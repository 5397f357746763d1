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

/// The approach that fits `workload`.
pub fn choose(workload: &Workload) -> Approach {
    // TODO: follow the chapter's flow chart: is there enough work to share at all? Must a
    // crash be contained? Then: where does the time go, and can the waits be async?
    todo!("choose an approach for {workload:?}")
}
