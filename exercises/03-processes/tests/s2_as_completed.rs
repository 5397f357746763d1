//! Step 2: `as_completed` yields each output as soon as its job is done.

mod support;

use std::collections::BTreeSet;
use std::sync::mpsc::RecvTimeoutError;

use processes::job::Job;
use processes::s2_as_completed::as_completed;
use support::{OUTER_LIMIT, file, folder, program, within};

const HANG: &str = "possible deadlock: as_completed must return at once, before the jobs are done";

#[test]
fn the_jobs_run_at_the_same_time_on_two_workers() {
    // Job 0 waits for a file that job 1 creates: it sees the file only if job 1 runs
    // while job 0 waits. (Which output comes first is raced here, since job 1 creates
    // the file before its output travels back; the next test proves the order.)
    let dir = folder();
    let gate = file(&dir, "gate");
    let jobs = vec![
        Job::After {
            gate: gate.clone(),
            value: 1,
        },
        Job::Mark {
            file: gate,
            value: 2,
        },
    ];
    let outputs = within("as_completed", HANG, || as_completed(program(), 2, jobs));
    for _ in 0..2 {
        let (i, output) = outputs
            .recv_timeout(OUTER_LIMIT)
            .expect("fewer than 2 outputs arrived");
        if i == 0 {
            assert_eq!(
                output.value, 1,
                "job 0 waited in vain for job 1: the jobs ran one after another; give \
                 each of the 2 workers a thread of its own"
            );
        }
    }
}

#[test]
fn outputs_arrive_while_other_jobs_still_run() {
    // Job 0 waits for a file that the test creates only after it has received job 1's
    // output: an as_completed that holds outputs back until all are done makes job 0
    // wait in vain.
    let dir = folder();
    let gate = file(&dir, "gate");
    let jobs = vec![
        Job::After {
            gate: gate.clone(),
            value: 7,
        },
        Job::Square(3),
    ];
    let outputs = within("as_completed", HANG, || as_completed(program(), 2, jobs));
    let (i, first) = outputs
        .recv_timeout(OUTER_LIMIT)
        .expect("no output arrived at all");
    std::fs::write(&gate, "").expect("the gate file can be created");
    let (j, second) = outputs
        .recv_timeout(OUTER_LIMIT)
        .expect("the second output never arrived");
    assert_eq!(
        (i, first.value),
        (1, 9),
        "the first output was job {i}'s, but job 0 cannot finish before the test has an \
         output (it waits for a file the test creates only then), so job 1 (3 squared) \
         finished first: send each output the moment its job is done, not in input order"
    );
    assert_eq!(
        (j, second.value),
        (0, 7),
        "job 0 gave up waiting (value {}): as_completed held job 1's output back until \
         every job was done; return the receiver at once and let the worker threads send \
         as they go",
        second.value
    );
}

#[test]
fn every_job_once_with_its_index_in_a_worker_process() {
    let jobs: Vec<Job> = (0..12).map(Job::Square).collect();
    let outputs = within("as_completed", HANG, || as_completed(program(), 2, jobs));
    let here = std::process::id();
    let mut seen = BTreeSet::new();
    let mut pids = BTreeSet::new();
    for _ in 0..12 {
        let (i, output) = outputs
            .recv_timeout(OUTER_LIMIT)
            .expect("fewer than 12 outputs arrived");
        assert_ne!(
            output.pid, here,
            "job {i} ran in the test's own process: send it to a worker process"
        );
        assert_eq!(
            output.value,
            (i * i) as u64,
            "the output for index {i} is not job {i}'s: the index must be the job's place \
             in the input"
        );
        assert!(seen.insert(i), "job {i} was reported twice");
        pids.insert(output.pid);
    }
    assert!(
        pids.len() <= 2,
        "12 jobs ran in {} processes, but the pool has 2 workers: reuse them",
        pids.len()
    );
    match outputs.recv_timeout(OUTER_LIMIT) {
        Err(RecvTimeoutError::Disconnected) => {}
        Err(RecvTimeoutError::Timeout) => panic!(
            "the receiver never ended after the last output: every Sender must be dropped \
             (each thread's clone, and the original) so that a `for` loop over it ends"
        ),
        Ok(extra) => panic!("an output too many: {extra:?}"),
    }
}
