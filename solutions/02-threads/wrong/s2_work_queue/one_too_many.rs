//! Wrong: a queue one job bigger than its capacity ("room for the next one"), so more jobs wait than allowed
//! Expect: the queue is not bounded to its capacity

use crossbeam_channel::bounded;

// ANCHOR: mistake
/// Runs `work` on every job, on `workers` worker threads fed through a queue that holds
/// at most `capacity` jobs, and returns the results (in any order).
///
/// The jobs are pulled from `jobs` one at a time, as room appears in the queue: when the
/// workers fall behind, whoever feeds the queue waits. That wait is backpressure: memory
/// stays bounded however many jobs there are.
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
    let (queue, inbox) = bounded::<J>(capacity + 1); // "room for the next one"
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                // Each worker owns a receiver (a clone of the same queue).
                let inbox = inbox.clone();
                s.spawn(move || inbox.iter().map(work).collect::<Vec<R>>())
            })
            .collect();
        // Only the workers' clones may keep the queue open for receiving.
        drop(inbox);
        for job in jobs {
            // Blocks while the queue is full: the feeder waits for the workers.
            if queue.send(job).is_err() {
                // Every worker is gone (one panicked); stop feeding, the join reports it.
                break;
            }
        }
        // The last sender gone: the workers' `iter()` ends once the queue is empty.
        drop(queue);
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker panicked"))
            .collect()
    })
}
// ANCHOR_END: mistake
