//! An actor: a thread that owns its state and answers messages.
//!
//! No lock anywhere. The hit counter below lives on one thread; other threads send it
//! requests through a channel, and a request that wants an answer carries the sender the
//! answer goes to. The actor handles one message at a time, so each sees the state whole.

use std::collections::BTreeMap;
use std::sync::mpsc::{Sender, channel};
use std::thread::{self, JoinHandle};

// ANCHOR: actor
/// What the counter's clients can ask.
enum Request {
    /// Count one hit on a page (no answer needed).
    Hit(String),
    /// How many hits has this page had? The answer goes to `reply`.
    Hits { page: String, reply: Sender<u64> },
}

/// A handle to the counter; clone one per client thread.
#[derive(Clone)]
pub struct HitCounter {
    requests: Sender<Request>,
}

impl HitCounter {
    /// Starts the counter's thread. It returns every page's count once the last handle is
    /// dropped: the channel then reports that no sender is left, and the loop ends.
    pub fn start() -> (Self, JoinHandle<BTreeMap<String, u64>>) {
        let (requests, inbox) = channel::<Request>();
        let thread = thread::spawn(move || {
            let mut hits: BTreeMap<String, u64> = BTreeMap::new(); // owned by this thread
            for request in inbox {
                match request {
                    Request::Hit(page) => *hits.entry(page).or_default() += 1,
                    Request::Hits { page, reply } => {
                        // The asker may have given up; that is not the counter's problem.
                        let _ = reply.send(hits.get(&page).copied().unwrap_or(0));
                    }
                }
            }
            hits
        });
        (Self { requests }, thread)
    }

    /// Counts a hit; returns `false` if the counter has stopped.
    pub fn hit(&self, page: &str) -> bool {
        self.requests.send(Request::Hit(page.to_string())).is_ok()
    }

    /// Asks for a page's count and waits for the answer (`None`: the counter stopped).
    pub fn hits(&self, page: &str) -> Option<u64> {
        let (reply, answer) = channel();
        let page = page.to_string();
        self.requests.send(Request::Hits { page, reply }).ok()?;
        answer.recv().ok()
    }
}
// ANCHOR_END: actor

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_from_many_threads_all_count_and_the_thread_ends() {
        let (counter, thread) = HitCounter::start();
        thread::scope(|s| {
            for _ in 0..4 {
                let counter = counter.clone();
                s.spawn(move || (0..100).for_each(|_| assert!(counter.hit("/"))));
            }
        });
        assert_eq!(counter.hits("/"), Some(400));
        assert_eq!(counter.hits("/none"), Some(0));
        drop(counter);
        assert_eq!(thread.join().unwrap()["/"], 400);
    }
}
