//! The course's exercise machinery, shared by the learner's runner (`cargo course`) and
//! the maintainer check (`cargo xtask check`).
//!
//! - [`meta`]: reads each lesson's `exercises/NN-topic/course.toml` (steps, hints, pages).
//! - [`testrun`]: builds a step's test target with cargo, then runs the test binary under a
//!   timeout, so a deadlocked exercise is reported instead of hanging the runner.
//!
//! Building and running are separate on purpose: cargo's build lock is held only while
//! compiling, so many test binaries can run in parallel, and the timeout covers the test
//! run alone, not a cold first build.

pub mod meta;
pub mod testrun;
