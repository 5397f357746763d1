//! Step 3: at shutdown, started jobs get the grace period to finish, jobs still running
//! at its end are cancelled, queued jobs never start, and it returns at the deadline.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gather_wait::s3_shutdown::{Job, Report, run_until_shutdown};
use support::{Census, bounded, settle};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// What the jobs did: the names that started, and the names that finished.
#[derive(Default, Clone)]
struct Journal {
    started: Arc<Mutex<Vec<&'static str>>>,
    finished: Arc<Mutex<Vec<&'static str>>>,
}

impl Journal {
    fn job(&self, census: &Census, name: &'static str, ms: u64) -> Job {
        let journal = self.clone();
        let live = census.enter();
        Box::pin(async move {
            let _live = live;
            journal.started.lock().unwrap().push(name);
            tokio::time::sleep(Duration::from_millis(ms)).await;
            journal.finished.lock().unwrap().push(name);
        })
    }

    fn started(&self) -> Vec<&'static str> {
        self.started.lock().unwrap().clone()
    }

    fn finished(&self) -> Vec<&'static str> {
        self.finished.lock().unwrap().clone()
    }
}

/// Sends a 100 ms, a 200 ms and a 1 s job at once, asks for shutdown at 150 ms, with
/// a grace of 100 ms (so the deadline is at 250 ms); then queues one more job at 200 ms,
/// during the grace period. Returns the report, when it came, the journal and the census.
async fn scenario() -> (Report, Duration, Journal, Census) {
    let journal = Journal::default();
    let census = Census::default();
    let (send, receive) = mpsc::channel(8);
    let shutdown = CancellationToken::new();
    for (name, ms) in [("short", 100), ("medium", 200), ("long", 1000)] {
        send.send(journal.job(&census, name, ms)).await.unwrap();
    }
    let start = Instant::now();
    let trigger = shutdown.clone();
    let late = journal.job(&census, "late", 10);
    let sender = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        trigger.cancel();
        // Queued 50 ms after the shutdown, during the grace period (not in the same
        // instant, so the test does not depend on which of two ready branches a `select!`
        // picks): it must never start. Keeping `send` alive also means the channel stays
        // open, so only the token can end the loop.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let _ = send.send(late).await;
        tokio::time::sleep(Duration::from_secs(3600)).await;
    });
    let report = bounded(
        "run_until_shutdown",
        run_until_shutdown(receive, shutdown, Duration::from_millis(100)),
    )
    .await;
    let took = start.elapsed();
    sender.abort();
    settle().await;
    (report, took, journal, census)
}

#[tokio::test(start_paused = true)]
async fn it_returns_at_the_end_of_the_grace_period() {
    let (_, took, _, _) = scenario().await;
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_millis(255),
        "run_until_shutdown returned after {took:?} of virtual time; shutdown came at \
         150 ms with 100 ms of grace, so it must return at 250 ms (1 s means it waited \
         for every job: give the jobs in flight a deadline, then cancel the rest; a time \
         in between means the shutdown was noticed late: wait for the token and the \
         channel together, with select!)"
    );
}

#[tokio::test(start_paused = true)]
async fn jobs_in_flight_get_to_finish_within_the_grace_period() {
    let (report, _, journal, _) = scenario().await;
    let finished = journal.finished();
    assert!(
        finished.contains(&"medium"),
        "the 200 ms job had started before the shutdown and could finish within the grace \
         period, but it was dropped (finished: {finished:?}); let jobs in flight run until \
         the grace period ends, do not abort them when the token fires"
    );
    assert_eq!(
        finished,
        ["short", "medium"],
        "the 100 ms and 200 ms jobs finish; the 1 s job cannot"
    );
    assert_eq!(
        report.finished, 2,
        "report.finished counts the two jobs that finished"
    );
}

#[tokio::test(start_paused = true)]
async fn what_outlives_the_grace_period_is_cancelled() {
    let (report, _, journal, census) = scenario().await;
    assert_eq!(
        report.cancelled, 1,
        "the 1 s job was still running at the deadline: report.cancelled is 1"
    );
    assert_eq!(
        census.alive(),
        0,
        "a job is still alive after run_until_shutdown returned: cancel what is left \
         when the grace period ends (and count it)"
    );
    assert!(
        !journal.finished().contains(&"long"),
        "the 1 s job cannot have finished"
    );
}

#[tokio::test(start_paused = true)]
async fn no_job_starts_after_the_shutdown() {
    let (_, _, journal, _) = scenario().await;
    assert_eq!(
        journal.started(),
        ["short", "medium", "long"],
        "a job queued after the shutdown was started: once the token is cancelled, take \
         no more jobs from the channel"
    );
}

#[tokio::test(start_paused = true)]
async fn a_closed_channel_also_ends_the_loop() {
    let journal = Journal::default();
    let census = Census::default();
    let (send, receive) = mpsc::channel(8);
    send.send(journal.job(&census, "only", 50)).await.unwrap();
    drop(send);
    let start = Instant::now();
    let report = bounded(
        "run_until_shutdown",
        run_until_shutdown(receive, CancellationToken::new(), Duration::from_secs(1)),
    )
    .await;
    let took = start.elapsed();
    assert_eq!(
        report,
        Report {
            finished: 1,
            cancelled: 0
        },
        "with the channel closed, the one job finishes within the grace period"
    );
    assert!(
        took < Duration::from_millis(55),
        "returned after {took:?}: when every job is done, return at once, without waiting \
         out the grace period"
    );
}
