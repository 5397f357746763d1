//! Channels: std `mpsc` and crossbeam, bounded and unbounded, and `select!`.
//!
//! A fast producer feeds a slow consumer. Through an unbounded channel the producer
//! never waits: it finishes at once and the items pile up in the channel. Through a
//! bounded one, `send` blocks while the channel is full, so the producer goes at the
//! consumer's pace and at most the bound (plus the item in hand) is ever waiting. That
//! wait is backpressure.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, select, tick};
use kit::timeline::Timeline;

/// Which channel connects the producer to the consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    StdUnbounded,
    StdBounded(usize),
    CrossbeamUnbounded,
    CrossbeamBounded(usize),
}

impl Kind {
    pub fn name(self) -> String {
        match self {
            Kind::StdUnbounded => "std mpsc::channel()".to_string(),
            Kind::StdBounded(n) => format!("std mpsc::sync_channel({n})"),
            Kind::CrossbeamUnbounded => "crossbeam unbounded()".to_string(),
            Kind::CrossbeamBounded(n) => format!("crossbeam bounded({n})"),
        }
    }
}

/// What one producer/consumer run showed.
#[derive(Debug, Clone, Copy)]
pub struct Report {
    /// When the producer had sent its last item.
    pub producer_done: Duration,
    /// When the consumer had handled its last item.
    pub consumer_done: Duration,
    /// The most items sent and not yet received, at any moment.
    pub most_waiting: usize,
}

/// The sending and receiving ends, whatever the channel: `send` blocks while a bounded
/// channel is full; `recv` gives `None` once the channel is empty and closed.
type Ends = (Box<dyn Fn(u32) + Send>, Box<dyn Fn() -> Option<u32> + Send>);

fn ends(kind: Kind) -> Ends {
    // A send fails only if the receiver is gone, which this demo never does first.
    const GONE: &str = "the consumer outlives the producer";
    match kind {
        Kind::StdUnbounded => {
            let (tx, rx) = std::sync::mpsc::channel();
            (
                Box::new(move |i| tx.send(i).expect(GONE)),
                Box::new(move || rx.recv().ok()),
            )
        }
        Kind::StdBounded(n) => {
            let (tx, rx) = std::sync::mpsc::sync_channel(n);
            (
                Box::new(move |i| tx.send(i).expect(GONE)),
                Box::new(move || rx.recv().ok()),
            )
        }
        Kind::CrossbeamUnbounded => {
            let (tx, rx) = crossbeam_channel::unbounded();
            (
                Box::new(move |i| tx.send(i).expect(GONE)),
                Box::new(move || rx.recv().ok()),
            )
        }
        Kind::CrossbeamBounded(n) => {
            let (tx, rx) = crossbeam_channel::bounded(n);
            (
                Box::new(move |i| tx.send(i).expect(GONE)),
                Box::new(move || rx.recv().ok()),
            )
        }
    }
}

// ANCHOR: backpressure
/// A producer sends `items` as fast as it can; the consumer spends `each` on every item.
/// The producer's waits inside `send` and the consumer's work go into `timeline`.
pub fn backpressure(kind: Kind, items: u32, each: Duration, timeline: &Timeline) -> Report {
    let (send, recv) = ends(kind);
    let waiting = AtomicUsize::new(0);
    let most = AtomicUsize::new(0);
    let start = Instant::now();
    let (waiting, most) = (&waiting, &most);
    let (producer_done, consumer_done) = thread::scope(|s| {
        // `move`: each thread owns its end of the channel.
        let producer = s.spawn(move || {
            for i in 0..items {
                // Counted before the send, so that the consumer's decrement can never come
                // first: an item in the producer's hand counts as waiting.
                let now = waiting.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                let blocked = timeline.wait("producer"); // pale: waiting in send
                send(i);
                drop(blocked);
            }
            drop(send); // closes the channel: the consumer's recv ends after the last item
            start.elapsed()
        });
        let consumer = s.spawn(move || {
            while let Some(_item) = recv() {
                waiting.fetch_sub(1, Ordering::SeqCst);
                let _work = timeline.span("consumer"); // solid: handling the item
                thread::sleep(each); // stands in for slow work (a write to disk, say)
            }
            start.elapsed()
        });
        (
            producer.join().expect("the producer panicked"),
            consumer.join().expect("the consumer panicked"),
        )
    });
    Report {
        producer_done,
        consumer_done,
        most_waiting: most.load(Ordering::SeqCst),
    }
}
// ANCHOR_END: backpressure

// ANCHOR: select
/// One loop waiting on two channels at once with crossbeam's `select!`: a stream of
/// clicks, and a ticker. Returns (clicks, ticks) seen before the click stream closed.
pub fn clicks_and_ticks(clicks: u32, every: Duration, tick_every: Duration) -> (u32, u32) {
    let (tx, click_rx): (_, Receiver<u32>) = crossbeam_channel::bounded(4);
    let ticker = tick(tick_every);
    let clicker = thread::spawn(move || {
        for i in 0..clicks {
            thread::sleep(every);
            if tx.send(i).is_err() {
                break;
            }
        }
    });
    let (mut got, mut ticks) = (0, 0);
    loop {
        // Blocks until one of the two is ready, then runs that arm only.
        select! {
            recv(click_rx) -> click => match click {
                Ok(_) => got += 1,
                Err(_) => break, // every click sender is gone: the stream is over
            },
            recv(ticker) -> _ => ticks += 1,
        }
    }
    clicker.join().expect("the clicking thread panicked");
    (got, ticks)
}
// ANCHOR_END: select

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_keeps_the_producer_at_the_consumers_pace() {
        let tl = Timeline::new();
        let each = Duration::from_millis(2);
        let free = backpressure(Kind::CrossbeamUnbounded, 20, each, &tl);
        let bounded = backpressure(Kind::StdBounded(2), 20, each, &tl);
        // The bounded producer can be at most the bound, plus the item in its hand, plus
        // the one the consumer has taken and not yet counted, ahead.
        assert!(bounded.most_waiting <= 4, "{bounded:?}");
        // The unbounded one is never held back: it finishes while the consumer is busy.
        assert!(free.producer_done < free.consumer_done, "{free:?}");
        let (clicks, _) = clicks_and_ticks(5, Duration::from_millis(1), Duration::from_millis(50));
        assert_eq!(clicks, 5);
    }
}
