//! Wrong: joins each thread right after starting it, in one lazy iterator chain, so the items run one at a time
//! Expect: the items did not all run at the same time

use std::thread;

// ANCHOR: mistake
/// The learner meant to start every thread and then join them all; but `map` is lazy,
/// so each thread is joined before the next one is started.
pub fn parallel_map<T, R, F>(items: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let work = &work;
    thread::scope(|scope| {
        items
            .into_iter()
            .map(|item| scope.spawn(move || work(item)))
            .map(|handle| handle.join().expect("a worker panicked"))
            .collect()
    })
}
// ANCHOR_END: mistake
