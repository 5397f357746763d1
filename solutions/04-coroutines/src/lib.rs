//! Lesson 04, coroutines from generators: the worked solutions.
//!
//! Read these after your own attempt in `exercises/04-coroutines`; the same tests run
//! against both crates (`cargo test -p solutions-04`).

// A copy of the exercise crate's `generator.rs`: the solutions never read the learner's
// files (a learner may change that one), so the library is given to both crates.
pub mod generator;
pub mod s1_jumping_range;
pub mod s2_async_range;
pub mod s3_pipeline;
pub mod s4_round_robin;
pub mod s5_averager;
