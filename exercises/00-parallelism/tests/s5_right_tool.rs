//! Step 5: `pick` must give each job the tool that fits it.
//!
//! CPU-bound work (computing) goes faster only with more cores: parallelism.
//! IO-bound work (waiting) goes faster by waiting for many things at once: concurrency.
//! Work too small to share out is fastest as a plain loop.

use parallelism::s5_right_tool::{Job, Tool, pick};

fn check(jobs: &[Job], tool: Tool, why: &str) {
    exercise_support::guide();
    for &job in jobs {
        let picked = pick(job);
        assert_eq!(
            picked, tool,
            "{job:?} wants {tool:?}, not {picked:?}: {why}"
        );
    }
}

#[test]
fn computing_jobs_want_more_cores() {
    check(
        &[Job::ResizePhotos, Job::SearchText, Job::HashPasswords],
        Tool::Parallel,
        "the data is in memory and the time goes into computing: only more cores help",
    );
}

#[test]
fn waiting_jobs_want_many_waits_in_flight() {
    check(
        &[Job::DownloadPages, Job::QueryDatabase, Job::CopyFiles],
        Tool::Concurrent,
        "the time goes into waiting for other machines: overlap the waits",
    );
}

#[test]
fn tiny_or_single_jobs_want_a_plain_loop() {
    check(
        &[Job::SumTwelveNumbers, Job::OneHttpCall],
        Tool::Sequential,
        "there is nothing to share out or overlap: threads or a runtime would only add cost",
    );
}
