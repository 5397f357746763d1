//! Lesson 09, choosing the right tool: the same three problems, every approach of the
//! course, measured on this machine.
//!
//! Run it: `cargo run -p lesson-09` tells the story with small sizes in a few seconds;
//! `cargo run --release -p lesson-09 -- --full --runs 3 --out book/src/img/09` is the
//! benchmark that writes the book's tables and charts. `-- --help` lists the flags.
//!
//! The problems ([`problems::Problem`]): counting primes (CPU-bound), asking the course's
//! delay server for answers that take a while (IO-bound), and both in turn (mixed). The
//! approaches ([`approaches::Approach`]): a plain loop, a thread per job, a thread pool,
//! rayon, a process pool, tokio on one thread and on many (and with `spawn_blocking`),
//! smol, async-std and the course's own event loop.
//!
//! Each approach runs in a fresh child process (this program again, with the hidden
//! `cell` subcommand), so its peak memory and thread count are its own. What to look for:
//! which approaches reach the ideal speed-up for each problem, what it costs them in
//! threads and memory, and which ones fall back to sequential speed, and why.

pub mod approaches;
pub mod http;
pub mod pool;
pub mod probe;
pub mod problems;
pub mod procpool;
pub mod report;
