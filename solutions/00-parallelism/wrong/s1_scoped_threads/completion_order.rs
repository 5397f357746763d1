//! Wrong: collects the results onto a shared list as each thread finishes, so they come back in completion order
//! Expect: results must come back in the order of the items

use std::sync::Mutex;
use std::thread;

// ANCHOR: mistake
pub fn parallel_map<T, R, F>(items: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let results = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for item in items {
            let (work, results) = (&work, &results);
            // Every thread starts at once, which is right; but each pushes its result
            // when it finishes, in whatever order the threads happen to finish.
            scope.spawn(move || {
                let result = work(item);
                results.lock().unwrap().push(result);
            });
        }
    });
    results.into_inner().unwrap()
}
// ANCHOR_END: mistake
