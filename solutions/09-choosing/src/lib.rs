//! Lesson 09, choosing the right tool: the worked solutions, tested by the exercise
//! crate's own tests (`exercises/09-choosing/tests`).

pub mod client;
pub mod s1_cpu_bound;
pub mod s2_many_waits;
pub mod s3_mixed;
pub mod s4_choose;
