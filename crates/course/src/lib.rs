//! The course's exercise machinery, shared by the learner's runner (`cargo course`) and
//! the maintainer check (`cargo xtask check`).
//!
//! - [`meta`]: reads each lesson's `exercises/NN-topic/course.toml` (steps, hints, pages).
//! - [`testrun`]: builds a step's test target with cargo, then runs the test binary under a
//!   timeout, so a deadlocked exercise is reported instead of hanging the runner; a run
//!   passes only when libtest says every test ran and passed.
//! - [`check`]: steps checked end to end, each with a one-line verdict and trimmed details
//!   (from [`trim`]: compiler errors first, then each distinct failing assertion once).
//! - [`state`]: the learner's progress file, `.course-state.json`, read leniently and
//!   changed under a lock.
//! - [`starter`]: a step's pristine starter, from git, for `course reset`.
//! - [`files`]: noticing saves (a debounced file watcher that tells reads from writes),
//!   for watch mode and the maintainer's `cargo xtask bench-loop`.
//! - [`scratch`]: a lesson copied into a temporary workspace, for tools that must edit
//!   and build without touching the learner's files.
//!
//! Building and running are separate on purpose: cargo's build lock is held only while
//! compiling, so many test binaries can run in parallel, and the timeout covers the test
//! run alone, not a cold first build.
//!
//! The runner itself (watch mode and the subcommands) is the `course` binary in
//! `src/bin/course/`.

pub mod check;
pub mod files;
pub mod meta;
pub mod scratch;
pub mod starter;
pub mod state;
pub mod testrun;
pub mod trim;

#[cfg(test)]
mod test_support;
