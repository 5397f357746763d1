//! Step 3: a worker killed mid-job costs one process, not the job.
//!
//! The test kills the worker with `kill -9` while its job waits for a file, then creates
//! the file, so the retried job can finish. Nothing depends on timing.

mod support;

use std::collections::BTreeSet;

use processes::job::Job;
use processes::s3_crash::run_all;
use support::{file, folder, kill_9, pid_in, program, within};

const HANG: &str = "a job that crashes every time must be given up after max_tries";

#[test]
fn a_worker_killed_mid_job_is_replaced_and_the_job_retried() {
    let dir = folder();
    let (pid_file, gate) = (file(&dir, "pid"), file(&dir, "gate"));
    let jobs = vec![
        Job::Square(2),
        Job::Hold {
            file: pid_file.clone(),
            gate: gate.clone(),
            value: 7,
        },
        Job::Square(3),
    ];
    let killer = std::thread::spawn(move || {
        let victim = pid_in(&pid_file);
        kill_9(victim);
        std::fs::write(&gate, "").expect("the gate file can be created");
        victim
    });
    let results = within("run_all", HANG, move || run_all(program(), &jobs, 3));
    let victim = killer.join().expect("the test's killer thread");
    assert!(
        results.len() >= 3,
        "{} results for 3 jobs: the job whose worker died was lost; every job needs \
         exactly one result",
        results.len()
    );
    assert!(
        results.len() <= 3,
        "{} results for 3 jobs: a job was reported twice (a failure, then its retry?); \
         report a job once, after its last try",
        results.len()
    );
    let held = match &results[1] {
        Ok(output) => *output,
        Err(failed) => panic!(
            "job 1 was reported failed ({failed:?}) after its worker was killed, but \
             max_tries is 3: start a new worker and try the job again"
        ),
    };
    assert_eq!(held.value, 7, "job 1's output is wrong");
    assert_ne!(
        held.pid, victim,
        "the retry cannot have run in the killed process"
    );
    let after = results[2]
        .as_ref()
        .expect("the job after the crash failed too: replace the dead worker with a new one");
    assert_eq!(after.value, 9, "job 2's output is wrong");
    let first = results[0].as_ref().expect("job 0 ran before any crash");
    assert_eq!(
        first.pid, victim,
        "job 0 and job 1 ran in different processes: keep one worker for job after job, \
         until it dies"
    );
    assert_eq!(
        after.pid, held.pid,
        "the job after the retry ran in yet another process: keep the new worker for the \
         jobs that follow"
    );
}

#[test]
fn a_job_that_always_crashes_is_reported_failed_after_max_tries() {
    let jobs = vec![Job::Crash, Job::Square(5)];
    let results = within("run_all", HANG, move || run_all(program(), &jobs, 2));
    assert_eq!(
        results.len(),
        2,
        "{} results for 2 jobs: every job needs exactly one result",
        results.len()
    );
    match &results[0] {
        Ok(output) => panic!("a job that aborts its worker cannot succeed: {output:?}"),
        Err(failed) => {
            assert_eq!(
                failed.tries, 2,
                "the crashing job was reported after {} tries, but max_tries is 2",
                failed.tries
            );
            assert!(
                failed.reason.contains("signal 6"),
                "the failure should say how the worker died (Died::reason, here \"killed \
                 by signal 6\"), not {:?}",
                failed.reason
            );
        }
    }
    let next = results[1]
        .as_ref()
        .expect("the job after the crashes failed too: replace the dead worker with a new one");
    assert_eq!(next.value, 25);
}

#[test]
fn without_crashes_one_worker_does_every_job() {
    let jobs: Vec<Job> = (1..=6).map(Job::Square).collect();
    let results = within("run_all", HANG, move || run_all(program(), &jobs, 2));
    let here = std::process::id();
    let pids: BTreeSet<u32> = results
        .iter()
        .map(|r| r.as_ref().expect("no job crashes here").pid)
        .collect();
    assert!(
        !pids.contains(&here),
        "a job ran in the test's own process: send it to a worker process"
    );
    assert_eq!(
        pids.len(),
        1,
        "6 jobs ran in {} processes: keep one worker for job after job, until it dies",
        pids.len()
    );
}
