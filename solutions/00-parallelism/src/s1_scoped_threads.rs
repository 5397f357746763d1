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
    // A scope may borrow from this function (`work`), because it joins every thread
    // it spawned before it returns: no `Arc`, no `'static` bound.
    std::thread::scope(|s| {
        let work = &work;
        // Collecting into a Vec first starts every thread before the first join; a lazy
        // `map(spawn).map(join)` chain would start and join them one at a time.
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| s.spawn(move || work(item)))
            .collect();
        handles
            .into_iter()
            // A panic in `work` is passed on to the caller as it was.
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
