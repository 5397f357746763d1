//! Lesson 03's process pool and executors, as a library: the demo (`main.rs`) and the
//! tests use the same code. See the binary's docs for the story.
//!
//! - [`wire`]: framing messages on a pipe, with postcard.
//! - [`job`]: the jobs a worker can run and their outputs, all plain data.
//! - [`worker`]: the worker's loop, and the parent's handle on one worker process.
//! - [`pool`]: the process pool: slots, retries, deadlines, shutdown.
//! - [`executor`]: the `Executor` trait, `as_completed`, the thread pool and rayon.

pub mod executor;
pub mod job;
pub mod pool;
pub mod wire;
pub mod worker;
