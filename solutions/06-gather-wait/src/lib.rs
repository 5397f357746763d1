//! Lesson 06, gather, wait, cancel, timeout: the worked solutions.
//!
//! Tested by the exercise crate's own tests (`exercises/06-gather-wait/tests`).

pub mod s1_wait;
pub mod s2_first_wins;
pub mod s3_shutdown;
pub mod s4_limit;
pub mod s5_budget;
