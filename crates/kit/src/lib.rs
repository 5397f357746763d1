//! The course's shared kit: small pieces every lesson uses, written once.
//!
//! - [`cli`]: parse a lesson's flags so that a bad value is one clear line and exit code 2.
//! - [`measure`]: a stopwatch, repeated runs with their median, min and max, and a
//!   [`measure::Table`] printer for result tables.
//! - [`present`]: presenter mode (`--present`) for giving the talk: a pause before each
//!   part, large part numbers, paced output.
//! - [`timeline`]: record who ran where and when (threads, async tasks, child processes)
//!   and draw it as a terminal chart or an SVG picture.
//! - [`work`]: the shared workloads, one CPU-bound ([`work::count_primes`]) and one
//!   IO-bound ([`work::simulated_io`], [`work::simulated_io_async`]).
//!
//! Lessons depend on this crate; this crate depends on no lesson.

pub mod cli;
pub mod measure;
pub mod present;
pub mod timeline;
pub mod work;
