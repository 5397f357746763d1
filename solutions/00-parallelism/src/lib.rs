//! Lesson 00, concurrency vs parallelism: the worked solutions.
//!
//! Read these after your own attempt in `exercises/00-parallelism`; the same tests run
//! against both crates (`cargo test -p solutions-00`).

pub mod s1_scoped_threads;
pub mod s2_split_data;
pub mod s3_rayon;
pub mod s4_overlap_io;
pub mod s5_right_tool;
