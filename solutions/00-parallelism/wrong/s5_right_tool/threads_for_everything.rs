//! Wrong: shares every job out over the cores, even the tiny ones, as if parallel were always faster
//! Expect: threads or a runtime would only add cost

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Sequential,
    Parallel,
    Concurrent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    ResizePhotos,
    DownloadPages,
    SearchText,
    QueryDatabase,
    SumTwelveNumbers,
    CopyFiles,
    HashPasswords,
    OneHttpCall,
}

// ANCHOR: mistake
pub fn pick(job: Job) -> Tool {
    match job {
        Job::DownloadPages | Job::QueryDatabase | Job::CopyFiles => Tool::Concurrent,
        _ => Tool::Parallel,
    }
}
// ANCHOR_END: mistake
