//! Lesson 03, processes: the exercises.
//!
//! Five steps, in the order of the chapter (`book/src/03-processes.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.
//!
//! Given, ready to use: [`worker`] (start a worker process, send it a job, get the
//! output back), [`job`] (what a worker can do) and [`wire`] (how messages cross the
//! pipe). The worker program itself is `src/main.rs`; the tests pass its path to you.

pub mod job;
pub mod s1_map;
pub mod s2_as_completed;
pub mod s3_crash;
pub mod s4_shutdown;
pub mod s5_choose;
pub mod wire;
pub mod worker;
