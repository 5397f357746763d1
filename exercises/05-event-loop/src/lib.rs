//! Lesson 05, the event loop: the exercises.
//!
//! Six steps, in the order of the chapter (`book/src/05-event-loop.md`), each one piece
//! of the loop the lesson builds. Each file `src/sN_*.rs` has a `// TODO`; its tests are
//! in `tests/sN_*.rs`. Run `cargo test` in this folder until everything passes, or let
//! `cargo course` guide you step by step.
//!
//! `runtime` is not an exercise: it is a small, finished loop (stage 2 of the lesson)
//! that the tests of steps 3 and 4 run your code on; `pipe` is the in-memory socket of step 6.

pub mod pipe;
pub mod runtime;
pub mod s1_block_on;
pub mod s2_run_queue;
pub mod s3_join_handle;
pub mod s4_yield_now;
pub mod s5_timer_heap;
pub mod s6_read_future;
