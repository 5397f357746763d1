//! Lesson 00, concurrency vs parallelism: the exercises.
//!
//! Five steps, in the order of the chapter (`book/src/00-parallelism.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.
//!
//! The tests check *how* the work ran, not only the answer: a sequential answer to a
//! "run these in parallel" step computes the right values and still fails.

// Parameters stay unused until you fill in the `todo!()`s; without this, the starter
// would not pass the project's `clippy -D warnings`.
#![allow(unused_variables)]

pub mod s1_scoped_threads;
pub mod s2_split_data;
pub mod s3_rayon;
pub mod s4_overlap_io;
pub mod s5_right_tool;
