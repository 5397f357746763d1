//! Step 1: `map` on a pool of worker processes.
//!
//! The proofs use process ids and files, never the clock: every output carries the pid
//! of the process that ran it, and some jobs wait for a file that another job creates,
//! which decides which job finishes first.

mod support;

use std::collections::BTreeSet;

use processes::job::Job;
use processes::s1_map::map;
use support::{file, folder, program, within};

const HANG: &str = "possible deadlock: does every worker thread end when the jobs run out?";

#[test]
fn every_job_runs_in_a_worker_process() {
    let jobs: Vec<Job> = (1..=8).map(Job::Square).collect();
    let outputs = within("map", HANG, || map(program(), 2, jobs));
    let here = std::process::id();
    for (i, output) in outputs.iter().enumerate() {
        assert_ne!(
            output.pid, here,
            "job {i} ran in the test's own process (pid {here}): map must send every job \
             to a worker process (Worker::start, then Worker::run), not run it here or on \
             a thread"
        );
    }
    let values: Vec<u64> = outputs.iter().map(|o| o.value).collect();
    assert_eq!(
        values,
        [1, 4, 9, 16, 25, 36, 49, 64],
        "these are not the outputs of the jobs in their order: job i's output belongs at \
         index i, whichever job finishes first"
    );
}

#[test]
fn the_pool_reuses_its_workers() {
    let jobs: Vec<Job> = (1..=20).map(Job::Square).collect();
    let outputs = within("map", HANG, || map(program(), 2, jobs));
    assert_eq!(outputs.len(), 20, "20 jobs must give 20 outputs");
    let pids: BTreeSet<u32> = outputs.iter().map(|o| o.pid).collect();
    assert!(
        pids.len() <= 2,
        "20 jobs ran in {} different processes, but the pool has 2 workers: start each \
         worker once and send it job after job (starting a process costs far more than \
         a job)",
        pids.len()
    );
}

#[test]
fn two_workers_run_two_jobs_at_the_same_time() {
    let dir = folder();
    let meet = Job::Meet {
        dir: dir.path().to_path_buf(),
        parties: 2,
    };
    let outputs = within("map", HANG, move || {
        map(program(), 2, vec![meet.clone(), meet])
    });
    for output in &outputs {
        assert_eq!(
            output.value, 2,
            "the two jobs never ran at the same time (one saw {} of 2 arrive): \
             Worker::run blocks until its job is done, so give each worker a thread of \
             its own in this process",
            output.value
        );
    }
}

#[test]
fn outputs_come_back_in_input_order() {
    // Job 0 waits for a file that job 3 creates. Job 3 starts only once a worker is free
    // after job 1 or job 2, and that worker's thread has taken that output first, so
    // job 0 never finishes first, whichever way the jobs are shared out (a queue, round
    // robin or in chunks): in the order they finish, job 0's output is never first.
    let dir = folder();
    let gate = file(&dir, "gate");
    let jobs = vec![
        Job::After {
            gate: gate.clone(),
            value: 1,
        },
        Job::Square(3),
        Job::Square(4),
        Job::Mark {
            file: gate,
            value: 2,
        },
    ];
    let outputs = within("map", HANG, || map(program(), 2, jobs));
    let values: Vec<u64> = outputs.iter().map(|o| o.value).collect();
    assert!(
        !values.contains(&0),
        "job 0 waited in vain for job 3 (outputs {values:?}): the jobs ran one after \
         another; with 2 workers the other jobs must run while the first one waits"
    );
    assert_eq!(
        values,
        [1, 9, 16, 2],
        "map returned the outputs in the order they finished (job 0 waited for job 3, so \
         it finished after another job): put each output at its job's index, as Python's \
         map does"
    );
}

#[test]
fn no_jobs_give_no_outputs() {
    let outputs = within("map", HANG, || map(program(), 2, Vec::new()));
    assert!(outputs.is_empty(), "no jobs, yet outputs {outputs:?}");
}
