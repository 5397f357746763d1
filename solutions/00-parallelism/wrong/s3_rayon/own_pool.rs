//! Wrong: builds a thread pool of its own instead of running on the pool it is called from
//! Expect: items ran outside the caller's pool

use rayon::prelude::*;

// ANCHOR: mistake
pub fn par_map<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .expect("a pool of four threads");
    pool.install(|| items.par_iter().map(work).collect())
}
// ANCHOR_END: mistake
