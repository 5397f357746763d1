//! Lesson 01, sync vs async: the exercises.
//!
//! Five steps, in the order of the chapter (`book/src/01-sync-async.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.

pub mod s1_countasync;
pub mod s2_join;
pub mod s3_blocking_sleep;
pub mod s4_spawn_blocking;
pub mod s5_timeout;
