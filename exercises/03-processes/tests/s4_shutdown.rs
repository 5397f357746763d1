//! Step 4: shutdown lets queued jobs finish, and leaves no worker behind.
//!
//! The pool has one worker, busy with a job that waits in vain for a file (it gives up
//! after `job::PATIENCE`, 3 s); five more jobs wait in the queue behind it. Shutdown is
//! called while they wait.

mod support;

use std::sync::mpsc::TryRecvError;

use processes::job::Job;
use processes::s4_shutdown::Pool;
use support::{alive, file, folder, program, within};

#[test]
fn shutdown_finishes_the_queued_jobs_and_stops_the_workers() {
    let dir = folder();
    let pool = Pool::start(program(), 1).expect("the pool starts");
    let busy = pool.submit(Job::After {
        gate: file(&dir, "never"),
        value: 1,
    });
    let queued: Vec<_> = (1..=5).map(|n| pool.submit(Job::Square(n))).collect();
    within(
        "shutdown",
        "shutdown never returned: close the queue (drop the Sender) before waiting for the \
         slot threads, or they wait for more jobs for ever",
        move || pool.shutdown(),
    );
    let mut pids = Vec::new();
    for (i, output) in std::iter::once(busy).chain(queued).enumerate() {
        match output.try_recv() {
            Ok(output) => pids.push(output.pid),
            Err(TryRecvError::Empty) => panic!(
                "job {i} was not finished when shutdown returned: shutdown must wait for \
                 the queued and running jobs (join the slot threads)"
            ),
            Err(TryRecvError::Disconnected) => panic!(
                "job {i} was dropped at shutdown: every queued job must still run \
                 (Python's shutdown(wait=True)); only close the queue to new jobs"
            ),
        }
    }
    for pid in pids {
        assert!(
            !alive(pid),
            "worker {pid} is still running after shutdown returned: wait for the slot \
             threads, which stop their workers"
        );
    }
}

#[test]
fn jobs_run_in_the_workers() {
    let pool = Pool::start(program(), 2).expect("the pool starts");
    let outputs: Vec<_> = (1..=4).map(|n| pool.submit(Job::Square(n))).collect();
    within(
        "shutdown",
        "shutdown never returned: close the queue (drop the Sender) before waiting for the \
         slot threads",
        move || pool.shutdown(),
    );
    let here = std::process::id();
    for (i, output) in outputs.into_iter().enumerate() {
        let output = match output.try_recv() {
            Ok(output) => output,
            Err(TryRecvError::Empty) => panic!(
                "job {i} was not finished when shutdown returned: shutdown must wait for \
                 the queued and running jobs (join the slot threads)"
            ),
            Err(TryRecvError::Disconnected) => panic!(
                "job {i} was dropped at shutdown: every queued job must still run \
                 (Python's shutdown(wait=True)); only close the queue to new jobs"
            ),
        };
        assert_ne!(output.pid, here, "job {i} ran in the test's own process");
        assert_eq!(output.value, ((i + 1) * (i + 1)) as u64);
    }
}
