//! Lesson 02, threads and shared state: the worked solutions.
//!
//! Read these after your own attempt in `exercises/02-threads`; the same tests run
//! against both crates (`cargo test -p solutions-02`). Next to them, `wrong/` keeps the
//! plausible mistakes for each step, which the tests must reject.

pub mod s1_lost_update;
pub mod s2_work_queue;
pub mod s3_actor;
pub mod s4_deadlock;
pub mod s5_condvar;
pub mod s6_mailbox;
