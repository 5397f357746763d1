//! Lesson 02: threads and shared state.
//!
//! Several OS threads, one piece of data. The demo (`cargo run -p lesson-02`) tells the
//! story in parts, each in a module of this library:
//!
//! - [`basics`]: spawning and joining, scoped threads, moving data in (`move`, `Arc`);
//! - [`lost_update`]: `x = x + 1` is a read, an add and a write; threads lose updates;
//! - [`counters`]: one contended counter four ways (`Mutex`, `RwLock`, an atomic,
//!   per-thread sums) and what each costs per increment;
//! - [`channels`]: std `mpsc` and crossbeam, bounded vs unbounded, `select!`, and the
//!   backpressure a bound gives;
//! - [`actor`]: a thread that owns its state and answers messages;
//! - [`deadlock`]: two locks taken in opposite orders, caught by a watchdog, then fixed
//!   by a lock order and by `try_lock` with back-off;
//! - [`condvar`]: a producer/consumer buffer on a `Condvar`;
//! - [`gil`]: threads queueing on one coarse lock (Python's GIL, in picture) next to the
//!   same threads running free;
//! - [`thrash`]: more busy threads than cores.
//!
//! What to look for: the lost updates (a share of all increments, every run), the price
//! of each counter as threads are added, the feeder that waits when the queue is full,
//! the deadlock reported instead of hanging, and the two timelines of the GIL picture.
//!
//! # `Send` and `Sync`: why the compiler refuses a data race
//!
//! A value may move to another thread if its type is `Send`; it may be shared by
//! reference between threads if its type is `Sync`. The compiler checks both at every
//! `spawn`, so the mistakes below are compile errors, not bugs found in production. Each
//! block is compiled by `cargo test -p lesson-02`, which checks that it fails with the
//! error code shown.
//!
//! `Rc` counts its owners with a plain integer; two threads cloning it at once would
//! race on that count, so `Rc` is not `Send` (E0277). `Arc` counts atomically:
//!
//! ```compile_fail,E0277
//! use std::rc::Rc;
//!
//! let names = Rc::new(vec!["ada", "grace"]);
//! let copy = Rc::clone(&names);
//! std::thread::spawn(move || println!("{copy:?}"));
//! ```
//!
//! A thread may outlive the function that spawned it, so it cannot borrow that
//! function's locals (E0373). Move them in, or use a scoped thread:
//!
//! ```compile_fail,E0373
//! let hits = vec![1, 2, 3];
//! let handle = std::thread::spawn(|| hits.len());
//! handle.join().unwrap();
//! ```
//!
//! An `Arc` gives shared access only: no assigning through it (E0594). Changing shared data
//! takes a lock or an atomic:
//!
//! ```compile_fail,E0594
//! use std::sync::Arc;
//!
//! let count = Arc::new(0u64);
//! let mine = Arc::clone(&count);
//! std::thread::spawn(move || *mine += 1);
//! ```
//!
//! `Cell` and `RefCell` allow changes through a shared reference with no
//! synchronisation, so they are not `Sync`, and an `Arc` of one is not `Send` (E0277):
//!
//! ```compile_fail,E0277
//! use std::cell::Cell;
//! use std::sync::Arc;
//!
//! let count = Arc::new(Cell::new(0u64));
//! let mine = Arc::clone(&count);
//! std::thread::spawn(move || mine.set(mine.get() + 1));
//! ```
//!
//! The version the compiler accepts: the count behind a `Mutex`, the `Mutex` in an `Arc`.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//!
//! let count = Arc::new(Mutex::new(0u64));
//! let handles: Vec<_> = (0..4)
//!     .map(|_| {
//!         let count = Arc::clone(&count);
//!         std::thread::spawn(move || *count.lock().unwrap() += 1)
//!     })
//!     .collect();
//! for handle in handles {
//!     handle.join().unwrap();
//! }
//! assert_eq!(*count.lock().unwrap(), 4);
//! ```

pub mod actor;
pub mod basics;
pub mod channels;
pub mod condvar;
pub mod counters;
pub mod deadlock;
pub mod gil;
pub mod lost_update;
pub mod thrash;
