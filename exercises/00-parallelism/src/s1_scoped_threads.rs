//! Step 1: one scoped thread per item.

/// Applies `work` to every item, each item on its own thread, all of them at the same
/// time, and returns the results in the order of the items.
///
/// `work` is shared by every thread (hence `Sync`); the items move into their thread
/// and the results move back (hence `Send`).
pub fn parallel_map<T, R, F>(items: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    // TODO: call `work(item)` for every item, each on a thread of its own, all of them
    // running at the same time, and return the results in the order of the items.
    // (Starting a thread and waiting for it before starting the next is sequential again.)
    todo!("run every item on its own scoped thread")
}
