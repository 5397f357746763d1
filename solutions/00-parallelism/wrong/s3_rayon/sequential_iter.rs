//! Wrong: uses `iter()` where `par_iter()` was meant, so one worker runs every item in turn
//! Expect: `iter()` is sequential, `par_iter()` is parallel

// ANCHOR: mistake
pub fn par_map<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    items.iter().map(work).collect()
}
// ANCHOR_END: mistake
