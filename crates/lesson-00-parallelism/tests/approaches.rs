//! The four approaches compute the same thing, on the threads they claim to use.
//!
//! These tests check *structure* (answers, threads, spans), never speed: speed is for
//! `cargo run -p lesson-00 -- bench`.

use std::collections::HashSet;
use std::time::Duration;

use kit::timeline::{Kind, ThreadTag, Timeline};
use lesson_00::approach::{Approach, Sizes, Workload, run};
use lesson_00::io::{self, IoTask};

const TASKS: usize = 4;

fn tiny() -> Sizes {
    Sizes {
        tasks: TASKS,
        cpu_size: 2_000,
        io: IoTask {
            wait: Duration::from_millis(5),
            cpu_size: 100,
        },
    }
}

#[test]
fn every_approach_computes_the_same_answer() {
    for workload in [Workload::Cpu, Workload::Io] {
        let answers: Vec<u64> = Approach::ALL
            .iter()
            .map(|&a| run(a, workload, &tiny()).answer)
            .collect();
        assert!(
            answers.iter().all(|&x| x == answers[0]),
            "{workload:?}: {answers:?}"
        );
    }
    // 303 primes below 2 000, per task.
    assert_eq!(
        run(Approach::Sequential, Workload::Cpu, &tiny()).answer,
        303 * 4
    );
}

#[test]
fn each_approach_uses_the_threads_it_claims() {
    let pool = rayon::current_num_threads();
    for workload in [Workload::Cpu, Workload::Io] {
        let threads = |a| run(a, workload, &tiny()).threads_used();
        assert_eq!(threads(Approach::Sequential), 1, "{workload:?}");
        assert_eq!(
            threads(Approach::Async),
            1,
            "{workload:?}: one thread, many tasks"
        );
        assert_eq!(
            threads(Approach::Threads),
            TASKS,
            "{workload:?}: a thread per task"
        );
        // The test's thread is not one of rayon's: it hands the tasks to the pool and
        // waits. A task recorded here means the "rayon" version ran sequentially.
        let rayon = run(Approach::Rayon, workload, &tiny());
        let here = ThreadTag::current();
        assert!(
            rayon.timeline.spans().iter().all(|s| s.thread != here),
            "{workload:?}: rayon ran tasks on the calling thread instead of its pool"
        );
        let used = rayon.threads_used();
        assert!(
            (1..=pool).contains(&used),
            "{workload:?}: rayon used {used} of {pool}"
        );
    }
}

#[test]
fn every_task_is_on_the_timeline() {
    for approach in Approach::ALL {
        let cpu = run(approach, Workload::Cpu, &tiny()).timeline.spans();
        assert_eq!(cpu.len(), TASKS, "{approach:?}: one busy span per CPU task");
        assert!(cpu.iter().all(|s| s.kind == Kind::Busy));
        let io = run(approach, Workload::Io, &tiny()).timeline.spans();
        // A blocking sleep holds its thread (blocked); an awaited one frees it (waiting).
        let wait_kind = match approach {
            Approach::Async => Kind::Wait,
            Approach::Sequential | Approach::Threads | Approach::Rayon => Kind::Blocked,
        };
        let waits = io.iter().filter(|s| s.kind == wait_kind).count();
        let busy = io.iter().filter(|s| s.kind == Kind::Busy).count();
        assert_eq!(
            (io.len(), busy, waits),
            (3 * TASKS, 2 * TASKS, TASKS),
            "{approach:?}: busy, {wait_kind:?}, busy"
        );
    }
}

/// In virtual time: four 1 s waits on one thread take 1 s in all, not 4.
#[tokio::test(start_paused = true)]
async fn async_io_waits_overlap_on_one_thread() {
    let tl = Timeline::new();
    let io = IoTask {
        wait: Duration::from_secs(1),
        cpu_size: 100,
    };
    let start = tokio::time::Instant::now();
    io::all_at_once(&tl, TASKS, io).await;
    assert_eq!(start.elapsed(), Duration::from_secs(1), "the waits overlap");
    let spans = tl.spans();
    let threads: HashSet<_> = spans.iter().map(|s| &s.thread).collect();
    assert_eq!(threads.len(), 1, "all on the test's one thread");
}
