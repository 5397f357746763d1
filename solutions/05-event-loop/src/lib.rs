//! Lesson 05, the event loop: the worked solutions.
//!
//! Read these after your own attempt in `exercises/05-event-loop`; the same tests run
//! against both crates (`cargo test -p solutions-05`). `runtime` and `pipe` are the
//! exercise crate's finished helpers, copied as they are.

pub mod pipe;
pub mod runtime;
pub mod s1_block_on;
pub mod s2_run_queue;
pub mod s3_join_handle;
pub mod s4_yield_now;
pub mod s5_timer_heap;
pub mod s6_read_future;
