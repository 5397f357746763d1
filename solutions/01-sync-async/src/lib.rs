//! Lesson 01, sync vs async: the worked solutions.
//!
//! Read these after your own attempt in `exercises/01-sync-async`; the same tests run
//! against both crates (`cargo test -p solutions-01`).

pub mod s1_countasync;
pub mod s2_join;
pub mod s3_blocking_sleep;
pub mod s4_spawn_blocking;
pub mod s5_timeout;
