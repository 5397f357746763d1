//! Lesson 04, coroutines from generators: the worked solutions.
//!
//! Read these after your own attempt in `exercises/04-coroutines`; the same tests run
//! against both crates (`cargo test -p solutions-04`).

// The generator library is given, not solved: use the exercise crate's own copy, so the
// two can never drift apart.
#[path = "../../../exercises/04-coroutines/src/generator.rs"]
pub mod generator;
pub mod s1_jumping_range;
pub mod s2_async_range;
pub mod s3_pipeline;
pub mod s4_round_robin;
pub mod s5_averager;
