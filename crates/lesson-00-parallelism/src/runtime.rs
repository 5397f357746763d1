//! The single-threaded async runtime the demo uses.

use tokio::runtime::{Builder, Runtime};

// ANCHOR: current_thread
/// A tokio runtime that runs every task on the calling thread (`current_thread`), with
/// timers enabled. It is the closest Rust relative of Python's asyncio event loop:
/// one thread, many tasks taking turns at their `.await`s.
pub fn current_thread() -> Runtime {
    Builder::new_current_thread()
        .enable_time()
        .build()
        // With only the timer enabled there is no OS resource to run out of; failing
        // here would be a broken machine, nothing the demo could work around.
        .expect("a current-thread runtime with a timer always builds")
}
// ANCHOR_END: current_thread
