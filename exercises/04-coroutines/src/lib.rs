//! Lesson 04, coroutines from generators: the exercises.
//!
//! Five steps, in the order of the chapter (`book/src/04-coroutines.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.
//! `src/generator.rs` is the chapter's generator library, given whole: steps 2 to 5 use it.

pub mod generator;
pub mod s1_jumping_range;
pub mod s2_async_range;
pub mod s3_pipeline;
pub mod s4_round_robin;
pub mod s5_averager;
