//! Lesson 03, processes: the worked solutions.
//!
//! Read these after your own attempt in `exercises/03-processes`; the same tests run
//! against both crates (`cargo test -p solutions-03`). `wire`, `job` and `worker` are
//! the same given modules as in the exercises.

pub mod job;
pub mod s1_map;
pub mod s2_as_completed;
pub mod s3_crash;
pub mod s4_shutdown;
pub mod s5_choose;
pub mod wire;
pub mod worker;
