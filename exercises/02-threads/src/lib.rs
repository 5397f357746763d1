//! Lesson 02, threads and shared state: the exercises.
//!
//! Six steps, in the order of the chapter (`book/src/02-threads.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.

pub mod s1_lost_update;
pub mod s2_work_queue;
pub mod s3_actor;
pub mod s4_deadlock;
pub mod s5_condvar;
pub mod s6_mailbox;
