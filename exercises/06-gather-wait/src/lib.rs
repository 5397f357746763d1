//! Lesson 06, gather, wait, cancel, timeout: the exercises.
//!
//! Five steps, in the order of the chapter (`book/src/06-gather-wait.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.

pub mod s1_wait;
pub mod s2_first_wins;
pub mod s3_shutdown;
pub mod s4_limit;
pub mod s5_budget;
