//! Step 3: let rayon split the work.

use rayon::prelude::*;

/// Applies `work` to every item on the rayon pool this function is called from, and
/// returns the results in the order of the items.
///
/// No threads are spawned here: rayon's pool already has one thread per core (or as
/// many as the pool was built with), and its work stealing shares the items out.
pub fn par_map<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    // `par_iter` splits the slice in halves, and halves of halves; idle workers steal
    // the halves nobody has started yet. `collect` puts the results back in order.
    items.par_iter().map(work).collect()
}
