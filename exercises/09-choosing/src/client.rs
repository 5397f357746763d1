//! Given (not a step): the client library of step 2, which offers each call in two
//! forms, as many real libraries do (a blocking one and an async one).

use std::future::Future;

/// A remote service that takes a while to answer each request.
pub trait Client: Sync {
    /// Asks for `id` and waits for the answer without holding a thread: while it waits,
    /// the runtime's thread is free to run other tasks.
    fn get(&self, id: u32) -> impl Future<Output = u64>;

    /// Asks for `id` and blocks the calling thread until the answer comes.
    fn get_blocking(&self, id: u32) -> u64;
}
