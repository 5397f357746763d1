//! Wrong: the Python habit: CPU-bound work goes to processes, as if Rust had a GIL
//! Expect: Rust has no GIL

/// What we know about some work before choosing where to run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// It keeps a core busy (computing), rather than waiting.
    pub cpu_bound: bool,
    /// It calls code that may crash the whole process (a C library that can segfault
    /// or abort, a plugin we do not trust).
    pub may_crash_the_process: bool,
    /// A job still running at its deadline must really stop (and free its CPU).
    pub must_stop_at_deadline: bool,
    /// Megabytes of input that every job reads (the same data for all of them).
    pub shared_input_mb: u64,
}

/// Where to run the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Executor {
    /// A pool of worker processes: isolation, at the price of copying every input and
    /// output through a pipe, and of a process per worker.
    Processes,
    /// A pool of threads in this process: shares memory, costs almost nothing per job,
    /// and in Rust runs CPU-bound work in parallel (there is no GIL).
    Threads,
}

// ANCHOR: mistake
/// Picks the executor for `work`.
pub fn choose(work: &Work) -> Executor {
    if work.cpu_bound || work.may_crash_the_process || work.must_stop_at_deadline {
        Executor::Processes
    } else {
        Executor::Threads
    }
}
// ANCHOR_END: mistake
