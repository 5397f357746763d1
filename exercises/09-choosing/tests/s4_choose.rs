//! Step 4: `choose` must follow the decision guide of the chapter.

use choosing::s4_choose::{Approach, Kind, Workload, choose};

fn workload(kind: Kind, jobs: usize, micros_per_job: u64) -> Workload {
    Workload {
        kind,
        jobs,
        micros_per_job,
        blocking_library_only: false,
        needs_isolation: false,
    }
}

fn check(cases: &[(&str, Workload)], want: Approach, why: &str) {
    exercise_support::guide();
    for (name, w) in cases {
        let got = choose(w);
        assert_eq!(got, want, "{name} wants {want:?}, not {got:?}: {why}");
    }
}

#[test]
fn too_little_work_to_share_stays_sequential() {
    check(
        &[
            ("summing 12 numbers", workload(Kind::Cpu, 12, 0)),
            ("one HTTP call", workload(Kind::Io, 1, 200_000)),
            ("one big computation", workload(Kind::Cpu, 1, 5_000_000)),
            ("parsing 50 short lines", workload(Kind::Mixed, 50, 2)),
        ],
        Approach::Sequential,
        "one job, or under a millisecond of work in all, costs less than starting threads \
         or a runtime",
    );
}

#[test]
fn crashes_that_must_be_contained_want_processes() {
    let mut cpu = workload(Kind::Cpu, 500, 20_000);
    cpu.needs_isolation = true;
    let mut io = workload(Kind::Io, 200, 50_000);
    io.needs_isolation = true;
    check(
        &[("decoding untrusted files", cpu), ("a crashy driver", io)],
        Approach::ProcessPool,
        "a thread that corrupts memory or aborts takes the whole process down; only another \
         process keeps the crash to itself",
    );
}

#[test]
fn computing_wants_all_cores() {
    check(
        &[
            ("resizing 2,000 photos", workload(Kind::Cpu, 2_000, 30_000)),
            (
                "hashing 10,000 passwords",
                workload(Kind::Cpu, 10_000, 100_000),
            ),
        ],
        Approach::Rayon,
        "the time goes into computing on data in memory: only more cores help",
    );
}

#[test]
fn waits_with_an_async_library_want_async() {
    check(
        &[
            (
                "10,000 open connections",
                workload(Kind::Io, 10_000, 1_000_000),
            ),
            ("300 page downloads", workload(Kind::Io, 300, 500_000)),
        ],
        Approach::Async,
        "the time goes into waiting: async keeps thousands of waits in flight on a few threads",
    );
}

#[test]
fn waits_with_only_a_blocking_library_want_a_thread_pool() {
    let mut db = workload(Kind::Io, 400, 20_000);
    db.blocking_library_only = true;
    check(
        &[("400 queries through a blocking driver", db)],
        Approach::ThreadPool,
        "a blocking call holds its thread while it waits, so on a runtime it would stall \
         every task; a bounded pool of threads overlaps the waits instead",
    );
}

#[test]
fn waits_then_computing_want_async_with_offload() {
    check(
        &[
            (
                "download then thumbnail 500 images",
                workload(Kind::Mixed, 500, 40_000),
            ),
            (
                "fetch then parse 1,000 pages",
                workload(Kind::Mixed, 1_000, 5_000),
            ),
        ],
        Approach::AsyncWithOffload,
        "the waits want a runtime, the computing must not run on its threads: hand it to \
         spawn_blocking or rayon",
    );
}
