//! The process pool, tested through its library with the demo binary as the worker.
//!
//! No test asserts a speed. Where a job must still be running when something happens to
//! it (a kill, a deadline), the job sleeps for seconds: far longer than the few
//! milliseconds the event takes, so no test depends on luck.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use lesson_03::executor::{Executor, JobError, Rayon, ThreadPool, as_completed};
use lesson_03::job::{Job, Output};
use lesson_03::pool::{PoolConfig, ProcessPool};
use lesson_03::worker::WorkerCommand;

fn command() -> WorkerCommand {
    WorkerCommand {
        program: PathBuf::from(env!("CARGO_BIN_EXE_lesson-03")),
        args: vec!["worker".into()],
    }
}

fn pool(workers: usize) -> ProcessPool {
    ProcessPool::start(PoolConfig::new(workers, command())).expect("workers start")
}

fn pid_of(output: &Output) -> u32 {
    match output {
        Output::Ran { pid, .. } => *pid,
        other => panic!("expected a pid, got {other:?}"),
    }
}

/// The process's state letter as `ps` shows it (Linux and macOS): R running, S
/// sleeping, Z zombie; empty when there is no such process.
fn state(pid: u32) -> String {
    let out = Command::new("ps")
        .args(["-o", "stat=", "-p", &pid.to_string()])
        .output()
        .expect("ps runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// True while the process exists and is not a zombie.
fn alive(pid: u32) -> bool {
    let stat = state(pid);
    !stat.is_empty() && !stat.starts_with('Z')
}

/// Waits up to `patience` for every pid to be gone; returns those still alive.
fn still_alive_after(patience: Duration, pids: &BTreeSet<u32>) -> Vec<u32> {
    let until = Instant::now() + patience;
    loop {
        let left: Vec<u32> = pids.iter().copied().filter(|&p| alive(p)).collect();
        if left.is_empty() || Instant::now() > until {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn kill_9(pid: u32) {
    let ok = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "could not kill {pid}");
}

#[test]
fn map_runs_in_the_workers_and_keeps_input_order() {
    let pool = pool(2);
    let mut jobs = vec![Job::Sleep { ms: 300 }, Job::CountPrimes { below: 100 }];
    jobs.extend(std::iter::repeat_n(Job::WhoAmI, 20));
    let results = pool.map(jobs);
    assert_eq!(
        results[0],
        Ok(Output::Done),
        "input order: the slow job first"
    );
    assert_eq!(results[1], Ok(Output::Count(25)));
    let pids: BTreeSet<u32> = results[2..]
        .iter()
        .map(|r| pid_of(r.as_ref().unwrap()))
        .collect();
    assert!(
        !pids.contains(&std::process::id()),
        "a job ran in the parent"
    );
    let stats = pool.shutdown();
    assert!(
        pids.is_subset(&stats.pids),
        "{pids:?} not among {:?}",
        stats.pids
    );
    assert_eq!(stats.started, 2, "no worker should have been replaced");
}

#[test]
fn as_completed_yields_in_completion_order() {
    let pool = pool(2);
    let handles = vec![
        pool.submit(Job::Sleep { ms: 1_500 }),
        pool.submit(Job::Nothing),
    ];
    let order: Vec<usize> = as_completed(handles).map(|(i, _)| i).collect();
    assert_eq!(order, [1, 0]);
}

#[test]
fn a_worker_killed_mid_job_is_replaced_and_its_job_retried() {
    let pool = pool(1);
    let victim = pool.worker_pids()[0];
    let slow = pool.submit(Job::Sleep { ms: 3_000 });
    let after = pool.submit(Job::WhoAmI);
    kill_9(victim);
    assert_eq!(
        slow.wait(),
        Ok(Output::Done),
        "the killed job is tried again"
    );
    let pid = pid_of(&after.wait().expect("the next job runs"));
    assert_ne!(pid, victim, "the next job ran on a new worker");
    let stats = pool.shutdown();
    assert_eq!((stats.started, stats.retried), (2, 1));
    assert!(still_alive_after(Duration::from_secs(5), &stats.pids).is_empty());
}

#[test]
fn crashes_are_reported_with_their_reason_and_no_other_job_is_lost() {
    let pool = pool(2);
    let jobs = vec![
        Job::CountPrimes { below: 100 },
        Job::Panic,
        Job::CountPrimes { below: 1_000 },
        Job::Abort,
        Job::CountPrimes { below: 10_000 },
    ];
    let results = pool.map(jobs);
    assert_eq!(results[0], Ok(Output::Count(25)));
    assert_eq!(results[2], Ok(Output::Count(168)));
    assert_eq!(results[4], Ok(Output::Count(1_229)));
    match &results[1] {
        Err(JobError::Crashed { reason, tries: 2 }) => {
            assert!(
                reason.contains("panicked: the job panicked on purpose"),
                "{reason}"
            );
        }
        other => panic!("the panic: {other:?}"),
    }
    match &results[3] {
        Err(JobError::Crashed { reason, tries: 2 }) => {
            assert!(reason.contains("signal 6"), "{reason}");
        }
        other => panic!("the abort: {other:?}"),
    }
    let stats = pool.shutdown();
    assert_eq!(stats.retried, 2, "each crash was tried once more");
}

#[test]
fn a_job_past_its_deadline_is_killed_and_reported() {
    let mut config = PoolConfig::new(1, command());
    config.deadline = Some(Duration::from_millis(200));
    let pool = ProcessPool::start(config).expect("workers start");
    let first = pool.worker_pids()[0];
    let late = pool.submit(Job::Sleep { ms: 60_000 });
    let next = pool.submit(Job::WhoAmI);
    assert_eq!(
        late.wait(),
        Err(JobError::TimedOut {
            after: Duration::from_millis(200)
        })
    );
    assert_ne!(
        pid_of(&next.wait().unwrap()),
        first,
        "a new worker took over"
    );
    assert!(!alive(first), "the late job's worker was killed");
    pool.shutdown();
}

#[test]
fn shutdown_finishes_queued_jobs_and_leaves_no_worker() {
    let pool = pool(1);
    let handles: Vec<_> = (0..10)
        .map(|_| pool.submit(Job::Sleep { ms: 10 }))
        .collect();
    let stats = pool.shutdown();
    for handle in handles {
        assert_eq!(handle.wait(), Ok(Output::Done), "a queued job was dropped");
    }
    for pid in stats.pids {
        assert!(!alive(pid), "worker {pid} outlived shutdown");
    }
}

#[test]
fn dropping_the_pool_kills_a_busy_worker() {
    let pool = pool(1);
    let pid = pool.worker_pids()[0];
    let busy = pool.submit(Job::Sleep { ms: 60_000 });
    let queued = pool.submit(Job::Nothing);
    let started = Instant::now();
    drop(pool);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "drop waited for the job"
    );
    assert!(!alive(pid), "the worker outlived the pool");
    assert_eq!(busy.wait(), Err(JobError::Cancelled));
    assert_eq!(queued.wait(), Err(JobError::Cancelled));
}

#[test]
fn a_panicking_parent_leaves_no_worker_behind() {
    let pids = std::thread::spawn(|| {
        let pool = pool(2);
        let pids = pool.worker_pids();
        let _busy = pool.submit(Job::Sleep { ms: 60_000 });
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let _pool = pool;
            panic!("the caller panics while the pool is busy");
        }));
        assert!(caught.is_err());
        pids
    })
    .join()
    .unwrap();
    for pid in pids {
        assert!(!alive(pid), "worker {pid} outlived a panicking parent");
    }
}

#[test]
fn the_same_jobs_give_the_same_results_on_every_executor() {
    let jobs: Vec<Job> = [10, 100, 1_000]
        .map(|below| Job::CountPrimes { below })
        .to_vec();
    let expected: Vec<_> = [4, 25, 168].map(|n| Ok(Output::Count(n))).to_vec();
    let executors: Vec<Box<dyn Executor>> = vec![
        Box::new(pool(2)),
        Box::new(ThreadPool::new(2, None)),
        Box::new(Rayon::new(2, None).unwrap()),
    ];
    for executor in executors {
        assert_eq!(executor.map(jobs.clone()), expected, "{}", executor.name());
    }
}

#[test]
fn threads_run_jobs_in_this_process_and_catch_panics() {
    let threads = ThreadPool::new(2, None);
    let results = threads.map(vec![Job::WhoAmI, Job::Panic]);
    assert_eq!(pid_of(results[0].as_ref().unwrap()), std::process::id());
    assert_eq!(
        results[1],
        Err(JobError::Panicked("the job panicked on purpose".into()))
    );
}

#[test]
fn a_killed_parent_leaves_no_worker_behind() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // The demo's pool part with long jobs; we kill it with SIGKILL (no Drop runs), and
    // its workers must notice that their parent is gone.
    let mut demo = Command::new(env!("CARGO_BIN_EXE_lesson-03"))
        .args(["pool", "--jobs", "4", "--job-ms", "1500"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the demo starts");
    let mut lines = BufReader::new(demo.stdout.take().unwrap()).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("worker pids"))
        .expect("the demo names its workers");
    let pids: BTreeSet<u32> = line
        .rsplit_once('[')
        .unwrap()
        .1
        .trim_end_matches(']')
        .split(", ")
        .map(|p| p.parse().unwrap())
        .collect();
    // Wait until both workers are computing (state R): then they are mid-job.
    let until = Instant::now() + Duration::from_secs(10);
    while !pids.iter().all(|&p| state(p).starts_with('R')) {
        assert!(
            Instant::now() < until,
            "the workers never started their jobs"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    demo.kill().unwrap();
    demo.wait().unwrap();
    // Each worker is in the middle of a 1.5 s job, so it would not read its closed input
    // for seconds: only the watchdog (parent gone, checked every 50 ms) ends it this soon.
    let left = still_alive_after(Duration::from_millis(1_000), &pids);
    assert!(
        left.is_empty(),
        "workers {left:?} outlived their killed parent"
    );
}
