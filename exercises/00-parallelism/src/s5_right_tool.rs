//! Step 5: pick the right tool for the job.

/// The tools of this lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// A plain loop on one thread: for work too small to be worth sharing out.
    Sequential,
    /// Parallelism (threads, rayon): more cores computing at the same instant.
    Parallel,
    /// Concurrency (async tasks, or threads): many waits in flight at the same time.
    Concurrent,
}

/// Jobs a program might have to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Resize 2 000 photos that are already loaded in memory.
    ResizePhotos,
    /// Download 300 pages from web servers that take a second each to answer.
    DownloadPages,
    /// Search 4 GB of text, already in memory, for every line containing a word.
    SearchText,
    /// Send 50 independent queries to a database that takes 200 ms to answer each.
    QueryDatabase,
    /// Add up the 12 numbers of a small settings file, once at start-up.
    SumTwelveNumbers,
    /// Copy 1 000 files from one network share to another.
    CopyFiles,
    /// Hash 10 000 passwords with a deliberately slow hash function.
    HashPasswords,
    /// Make one HTTP call and print its answer.
    OneHttpCall,
}

/// The tool that fits `job` best.
pub fn pick(job: Job) -> Tool {
    // TODO: replace the `todo!()` with a `match job { ... }` giving each job its tool.
    // Ask: does the job spend its time computing (CPU-bound) or waiting (IO-bound)?
    // And is there enough of it to be worth sharing out at all?
    todo!("pick a tool for {job:?}")
}
