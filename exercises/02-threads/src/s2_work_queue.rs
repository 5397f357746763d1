//! Step 2: a bounded work queue.

/// Runs `work` on every job, on `workers` worker threads fed through a queue that holds
/// at most `capacity` jobs, and returns the results (in any order).
///
/// The jobs are pulled from `jobs` one at a time, as room appears in the queue: when the
/// workers fall behind, whoever feeds the queue waits. That wait is backpressure: memory
/// stays bounded however many jobs there are.
// Until the TODO is done, the parameters are unused; the project lints with `-D warnings`.
#[allow(unused_variables)]
pub fn process<J, R, F>(
    jobs: impl IntoIterator<Item = J>,
    capacity: usize,
    workers: usize,
    work: F,
) -> Vec<R>
where
    J: Send,
    R: Send,
    F: Fn(J) -> R + Sync,
{
    // TODO: make a queue with `crossbeam_channel::bounded(capacity)`. In a
    // `std::thread::scope`, start `workers` threads that each receive jobs until the
    // queue is closed, run `work` on them, and keep the results; feed the jobs in from
    // this thread, then drop the sender (that closes the queue), and collect every
    // worker's results.
    // (`unbounded()` would let the feeder race ahead and queue every job at once.)
    todo!("feed the jobs through a bounded queue to the workers")
}
