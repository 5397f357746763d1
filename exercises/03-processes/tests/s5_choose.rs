//! Step 5: processes or threads, for five kinds of work.

use processes::s5_choose::{Executor, Work, choose};

/// Plain, CPU-bound work with small inputs: the baseline the cases change one thing of.
const PLAIN: Work = Work {
    cpu_bound: true,
    may_crash_the_process: false,
    must_stop_at_deadline: false,
    shared_input_mb: 1,
};

fn check(work: Work, expected: Executor, why: &str) {
    exercise_support::guide();
    let chosen = choose(&work);
    assert_eq!(chosen, expected, "{work:?}: {why}");
}

#[test]
fn cpu_bound_rust_code_runs_on_threads() {
    check(
        PLAIN,
        Executor::Threads,
        "Rust has no GIL: threads already run CPU-bound work on every core, so processes \
         would add a copy of every input and output for nothing",
    );
}

#[test]
fn work_that_may_crash_the_process_runs_in_processes() {
    check(
        Work {
            may_crash_the_process: true,
            ..PLAIN
        },
        Executor::Processes,
        "a crash (an abort, a segfault) takes its whole process down: on a thread that is \
         the caller, in a worker process only the worker",
    );
}

#[test]
fn work_that_must_stop_at_a_deadline_runs_in_processes() {
    check(
        Work {
            must_stop_at_deadline: true,
            cpu_bound: false,
            ..PLAIN
        },
        Executor::Processes,
        "a thread cannot be killed from outside, only asked to stop; a worker process can \
         be killed at the deadline",
    );
}

#[test]
fn jobs_sharing_a_big_input_run_on_threads() {
    check(
        Work {
            shared_input_mb: 2_000,
            ..PLAIN
        },
        Executor::Threads,
        "threads read the 2 GB where it is (an Arc or a borrow); a process pool would \
         copy it through a pipe for every job",
    );
}

#[test]
fn waiting_work_runs_on_threads() {
    check(
        Work {
            cpu_bound: false,
            ..PLAIN
        },
        Executor::Threads,
        "work that waits needs no core of its own, let alone a process: threads (or \
         async tasks) are enough",
    );
}
