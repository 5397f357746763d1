//! Wrong: runs the items in parallel but pushes each result onto a shared list, in the order they finish
//! Expect: results must come back in the order of the items

use std::sync::Mutex;

use rayon::prelude::*;

// ANCHOR: mistake
pub fn par_map<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    let results = Mutex::new(Vec::with_capacity(items.len()));
    items.par_iter().for_each(|item| {
        let result = work(item);
        results.lock().unwrap().push(result);
    });
    results.into_inner().unwrap()
}
// ANCHOR_END: mistake
