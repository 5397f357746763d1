//! Lesson 07, sequential vs parallel vs concurrent HTTP: the exercises.
//!
//! Four steps, in the order of the chapter (`book/src/07-http.md`). Each file
//! `src/sN_*.rs` has a `// TODO`; its tests are in `tests/sN_*.rs`. The tests start the
//! course's delay server on 127.0.0.1 and read its counters (how many requests it got,
//! how many it was handling at once), so they judge what your code did, not how fast it
//! was. Run `cargo test` in this folder until everything passes, or let `cargo course`
//! guide you step by step.

pub mod s1_limit;
pub mod s2_retry;
pub mod s3_account;
pub mod s4_crawl;
