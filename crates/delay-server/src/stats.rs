//! Counters the tests read: requests per route, faults, uploads, and requests in flight.
//!
//! Every counter is an atomic, so handlers on any worker thread bump them without a lock.
//! A [`Stats`] is a snapshot: each field is read once, one after another, so under load the
//! fields may come from slightly different instants (good enough for counting).
//!
//! The in-flight pair is the exception that needs care, because lessons prove limits with
//! it: its operations are `SeqCst`, and a reset is written so that a peak reached while it
//! runs is never lost (see [`Counters::reset`]).

use std::sync::Arc;
use std::sync::atomic::{
    AtomicU64,
    Ordering::{Relaxed, SeqCst},
};

use serde::{Deserialize, Serialize};

use crate::faults::Fault;

/// A snapshot of the server's counters (also served as JSON by `GET /stats`).
///
/// Requests to `/stats` and to the index `/` are not counted, so reading the counters over
/// HTTP does not change them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Every counted request, whatever its answer.
    pub requests: u64,
    /// Requests per route.
    pub routes: RouteCounts,
    /// Requests answered with a 4xx status (bad parameters, unknown paths, too large).
    pub rejected: u64,
    /// Injected `500` answers.
    pub failed: u64,
    /// Connections closed on purpose without a complete response.
    pub dropped: u64,
    /// Requests stalled on purpose.
    pub stalled: u64,
    /// Uploads received in full and acknowledged.
    pub uploads: u64,
    /// Bytes in those uploads.
    pub upload_bytes: u64,
    /// Image requests turned away with `503` because too many images were being made and
    /// the wait for a turn ran out (see [`crate::Config::max_encodes`]).
    pub busy: u64,
    /// Requests being handled right now: from the start of the handler until the last
    /// byte of the answer has been handed to the connection, or the connection is gone.
    pub in_flight: u64,
    /// The most requests ever handled at the same time (since start or the last reset).
    /// Never below `in_flight` in a snapshot.
    pub max_in_flight: u64,
}

impl Stats {
    /// Every injected fault: failed, dropped and stalled requests.
    pub fn faults(&self) -> u64 {
        self.failed + self.dropped + self.stalled
    }
}

/// Requests per route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteCounts {
    pub delay: u64,
    pub bytes: u64,
    pub image: u64,
    pub upload: u64,
    /// Anything else: unknown paths, wrong methods.
    pub other: u64,
}

/// The routes the counters tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    Delay,
    Bytes,
    Image,
    Upload,
    Other,
}

impl Route {
    const ALL: [Route; 5] = [
        Route::Delay,
        Route::Bytes,
        Route::Image,
        Route::Upload,
        Route::Other,
    ];

    /// The route a path belongs to, by its first segment.
    pub(crate) fn of(path: &str) -> Route {
        match path.trim_start_matches('/').split('/').next() {
            Some("delay") => Route::Delay,
            Some("bytes") => Route::Bytes,
            Some("image") => Route::Image,
            Some("upload") => Route::Upload,
            _ => Route::Other,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The live counters behind [`Stats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    routes: [AtomicU64; Route::ALL.len()],
    /// Per route, the number of requests that got as far as the fault decision: the `k`
    /// of the fault rule (see [`crate::faults`]).
    sequence: [AtomicU64; Route::ALL.len()],
    rejected: AtomicU64,
    failed: AtomicU64,
    dropped: AtomicU64,
    stalled: AtomicU64,
    uploads: AtomicU64,
    upload_bytes: AtomicU64,
    busy: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
}

impl Counters {
    pub(crate) fn request(&self, route: Route) {
        self.requests.fetch_add(1, Relaxed);
        self.routes[route.index()].fetch_add(1, Relaxed);
    }

    /// The next request number `k` (from 1) of `route`.
    pub(crate) fn next_in_sequence(&self, route: Route) -> u64 {
        self.sequence[route.index()].fetch_add(1, Relaxed) + 1
    }

    pub(crate) fn rejected(&self) {
        self.rejected.fetch_add(1, Relaxed);
    }

    pub(crate) fn fault(&self, fault: Fault) {
        let counter = match fault {
            Fault::Fail => &self.failed,
            Fault::Drop => &self.dropped,
            Fault::Stall => &self.stalled,
        };
        counter.fetch_add(1, Relaxed);
    }

    /// Returns the upload's number (from 1).
    pub(crate) fn upload(&self, bytes: u64) -> u64 {
        self.upload_bytes.fetch_add(bytes, Relaxed);
        self.uploads.fetch_add(1, Relaxed) + 1
    }

    pub(crate) fn busy(&self) {
        self.busy.fetch_add(1, Relaxed);
    }

    /// Counts a request in flight until the returned guard is dropped.
    ///
    /// The guard owns a handle on the counters, so it can travel with the request: first
    /// in the handler's future, then in the answer's body (see `routes::track`). Whoever
    /// holds it last drops it, whether the answer ends or the client goes away: a
    /// disconnect can never leave a request "in flight" forever.
    pub(crate) fn enter(self: &Arc<Self>) -> InFlight {
        let now = self.in_flight.fetch_add(1, SeqCst) + 1;
        self.max_in_flight.fetch_max(now, SeqCst);
        InFlight(Arc::clone(self))
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let in_flight = self.in_flight.load(SeqCst);
        let route = |r: Route| self.routes[r.index()].load(Relaxed);
        Stats {
            requests: self.requests.load(Relaxed),
            routes: RouteCounts {
                delay: route(Route::Delay),
                bytes: route(Route::Bytes),
                image: route(Route::Image),
                upload: route(Route::Upload),
                other: route(Route::Other),
            },
            rejected: self.rejected.load(Relaxed),
            failed: self.failed.load(Relaxed),
            dropped: self.dropped.load(Relaxed),
            stalled: self.stalled.load(Relaxed),
            uploads: self.uploads.load(Relaxed),
            upload_bytes: self.upload_bytes.load(Relaxed),
            busy: self.busy.load(Relaxed),
            in_flight,
            // A request that has just entered may not have raised the mark yet; the
            // snapshot never shows a peak below the present.
            max_in_flight: self.max_in_flight.load(SeqCst).max(in_flight),
        }
    }

    /// Zeroes every counter and restarts the fault sequences at 1.
    ///
    /// `in_flight` is not a counter but the present state, so it is kept; the high-water
    /// mark restarts from it. A request may enter while the reset runs: reading
    /// `in_flight` and then storing it would lose that request's peak if it came in
    /// between, so the mark is raised once more to the in-flight count read *after* the
    /// store. With every in-flight operation `SeqCst`, an entering request either is seen
    /// by that second read or raises the mark itself after the store: a peak reached
    /// during a reset counts on one side of it, never on neither.
    pub(crate) fn reset(&self) {
        self.reset_with(|| {});
    }

    /// [`Counters::reset`], running `meanwhile` at its most delicate moment: after
    /// `in_flight` is read, before the mark is stored. The tests let a request in there.
    fn reset_with(&self, meanwhile: impl FnOnce()) {
        let all = [
            &self.requests,
            &self.rejected,
            &self.failed,
            &self.dropped,
            &self.stalled,
            &self.uploads,
            &self.upload_bytes,
            &self.busy,
        ];
        for counter in all.into_iter().chain(&self.routes).chain(&self.sequence) {
            counter.store(0, Relaxed);
        }
        let now = self.in_flight.load(SeqCst);
        meanwhile();
        self.max_in_flight.store(now, SeqCst);
        self.max_in_flight
            .fetch_max(self.in_flight.load(SeqCst), SeqCst);
    }
}

/// A request in flight; dropping it counts the request out.
pub(crate) struct InFlight(Arc<Counters>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_high_water_mark_remembers_the_peak() {
        let counters = Arc::new(Counters::default());
        let first = counters.enter();
        let second = counters.enter();
        drop(first);
        let _third = counters.enter();
        drop(second);
        let stats = counters.snapshot();
        assert_eq!((stats.in_flight, stats.max_in_flight), (1, 2));
    }

    #[test]
    fn reset_keeps_what_is_in_flight() {
        let counters = Arc::new(Counters::default());
        counters.request(Route::Delay);
        assert_eq!(counters.next_in_sequence(Route::Delay), 1);
        let _a = counters.enter();
        let b = counters.enter();
        drop(b);
        counters.reset();
        let stats = counters.snapshot();
        assert_eq!((stats.requests, stats.routes.delay), (0, 0));
        assert_eq!((stats.in_flight, stats.max_in_flight), (1, 1));
        assert_eq!(counters.next_in_sequence(Route::Delay), 1);
    }

    #[test]
    fn a_peak_reached_during_a_reset_is_never_lost() {
        let counters = Arc::new(Counters::default());
        let mut arrived = None;
        // A request comes in after the reset has read "0 in flight", before it stores 0.
        counters.reset_with(|| arrived = Some(counters.enter()));
        // The raw mark, not a snapshot (which never shows it below `in_flight`).
        assert_eq!(
            counters.max_in_flight.load(SeqCst),
            1,
            "the peak of 1 was lost"
        );
        drop(arrived);
        let stats = counters.snapshot();
        assert_eq!((stats.in_flight, stats.max_in_flight), (0, 1));
    }

    #[test]
    fn routes_are_told_apart_by_the_first_segment() {
        assert_eq!(Route::of("/delay/10"), Route::Delay);
        assert_eq!(Route::of("/bytes/1"), Route::Bytes);
        assert_eq!(Route::of("/image/3.png"), Route::Image);
        assert_eq!(Route::of("/upload"), Route::Upload);
        assert_eq!(Route::of("/delayed"), Route::Other);
        assert_eq!(Route::of("/"), Route::Other);
    }
}
