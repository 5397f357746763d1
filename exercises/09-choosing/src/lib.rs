//! Lesson 09, choosing the right tool: the exercises.
//!
//! Four steps, in the order of the chapter (`book/src/09-choosing.md`). Each describes a
//! workload; you choose the approach and write it. Each file `src/sN_*.rs` has a
//! `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in this folder until
//! everything passes, or let `cargo course` guide you step by step.
//!
//! The tests check *how* the work ran, not only the answer: the right values computed the
//! wrong way (one after another, on the wrong threads, with too many threads) still fail.

// Parameters stay unused until you fill in the `todo!()`s; without this, the starter
// would not pass the project's `clippy -D warnings`.
#![allow(unused_variables)]

pub mod client;
pub mod s1_cpu_bound;
pub mod s2_many_waits;
pub mod s3_mixed;
pub mod s4_choose;
