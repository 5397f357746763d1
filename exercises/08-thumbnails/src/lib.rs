//! Lesson 08, the thumbnail pipeline: the exercises.
//!
//! Five steps, in the order of the chapter (`book/src/08-thumbnails.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. Run `cargo test` in
//! this folder until everything passes, or let `cargo course` guide you step by step.
//!
//! `imaging` (decode, resize, encode) and `stages` (the three stages of a pipeline, as a
//! trait the tests implement) are not exercises: they are given, and the steps use them.

pub mod imaging;
pub mod s1_download;
pub mod s2_off_runtime;
pub mod s3_channels;
pub mod s4_accounting;
pub mod s5_shutdown;
pub mod stages;
