//! Wrong: reaches for async for every big job, computing ones included ("async makes it fast")
//! Expect: only more cores help

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
        Job::SumTwelveNumbers | Job::OneHttpCall => Tool::Sequential,
        _ => Tool::Concurrent,
    }
}
// ANCHOR_END: mistake
