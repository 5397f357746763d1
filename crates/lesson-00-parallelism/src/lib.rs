//! Lesson 00: concurrency vs parallelism.
//!
//! **What it shows.** The same two workloads, one CPU-bound (count primes) and one
//! IO-bound (wait for a simulated reply), each run four ways: sequentially, on OS
//! threads, as async tasks on a single-threaded tokio runtime, and on rayon's pool.
//! Every run is timed and drawn as a timeline of which task ran on which thread.
//!
//! **How to run it.** `cargo run -p lesson-00` (all of it, about 6 s);
//! `cargo run -p lesson-00 -- cpu` or `-- io` for one workload; `-- --help` for the
//! sizes; `cargo run --release -p lesson-00 -- bench` for repeated runs (the book's
//! numbers);
//! `cargo run --release -p lesson-00 -- --svg book/src/img/00` to redraw the book's
//! pictures.
//!
//! **What to look for.**
//! - CPU work: async on one thread is no faster than sequential (the tasks take turns,
//!   none ever waits); threads and rayon approach the number of cores, because Rust
//!   threads run truly in parallel (there is no GIL), as far as there are cores.
//! - The timelines: a bar is wall-clock time, not time on a CPU. Four busy threads on two
//!   cores draw four full bars while the OS shares the cores out under them; bars that
//!   overlap are in progress together, and parallel only up to the number of cores.
//! - IO work: the waits overlap on one thread with async (concurrency without
//!   parallelism), and on many threads with OS threads; rayon's pool only overlaps as
//!   many waits as it has threads.

pub mod approach;
pub mod bench;
pub mod cpu;
pub mod io;
pub mod report;
pub mod runtime;
