//! Step 5: the buffer must hand every item over exactly once, make a producer wait while
//! it is full, and wake whoever waits when the state changes.

// This step needs only `within`, not the meeting point.
#[allow(dead_code)]
#[path = "support/meeting.rs"]
mod support;

use std::any::Any;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use support::within;
use threads::s5_condvar::Buffer;

const HUNG: &str = "the buffer hung: a thread sleeps on a condvar, a waiter that nobody \
                    notified; after each put notify `not_empty`, after each take `not_full`";

/// The panic message, if it is text.
fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Waits for every thread of `threads` to finish (at most `limit`); a panicked one is
/// reported first, since the others may be stuck waiting for what it never did.
fn finish<T>(threads: Vec<JoinHandle<T>>, limit: Duration) -> Vec<T> {
    let deadline = Instant::now() + limit;
    while !threads.iter().all(JoinHandle::is_finished) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    let mut done = Vec::new();
    let mut stuck = 0;
    for handle in threads {
        // Only a finished thread can be joined without waiting.
        if !handle.is_finished() {
            stuck += 1;
            continue;
        }
        match handle.join() {
            Ok(value) => done.push(value),
            Err(payload) => panic!(
                "a thread panicked ({:?}): did take() wake up to an empty buffer? Another \
                 thread may have taken the item first, and a wait can even return with \
                 nobody notifying; wait in a loop (while, or wait_while)",
                message(&*payload)
            ),
        }
    }
    assert_eq!(stuck, 0, "{HUNG}");
    done
}

#[test]
fn every_item_arrives_exactly_once() {
    let buffer = Arc::new(Buffer::new(2));
    let mut threads = Vec::new();
    for p in 0..3u32 {
        let buffer = Arc::clone(&buffer);
        threads.push(thread::spawn(move || {
            (0..2_000).for_each(|i| buffer.put(p * 10_000 + i));
            Vec::new()
        }));
    }
    for _ in 0..3 {
        let buffer = Arc::clone(&buffer);
        threads.push(thread::spawn(move || {
            (0..2_000).map(|_| buffer.take()).collect::<Vec<u32>>()
        }));
    }
    let mut got: Vec<u32> = finish(threads, Duration::from_secs(6))
        .into_iter()
        .flatten()
        .collect();
    got.sort_unstable();
    let mut expected: Vec<u32> = (0..3)
        .flat_map(|p| (0..2_000).map(move |i| p * 10_000 + i))
        .collect();
    expected.sort_unstable();
    assert!(
        got == expected,
        "3 producers × 2000 items through a buffer of 2: {} items came out, some lost or \
         taken twice",
        got.len()
    );
}

#[test]
fn put_waits_while_the_buffer_is_full() {
    let buffer = Arc::new(Buffer::new(2));
    let (done, put_returned) = mpsc::channel();
    let producer = thread::spawn({
        let buffer = Arc::clone(&buffer);
        move || {
            for i in 1..=3 {
                buffer.put(i);
                let _ = done.send(i);
            }
        }
    });
    for i in 1..=2 {
        assert_eq!(
            put_returned.recv_timeout(Duration::from_secs(5)),
            Ok(i),
            "put({i}) into a buffer with room never returned"
        );
    }
    // The third put finds the buffer full. It must still be waiting a while later.
    let early = put_returned.recv_timeout(Duration::from_millis(300));
    assert!(
        early.is_err(),
        "put() returned while the buffer was full (capacity 2, it now holds {}): it must \
         wait until a take makes room",
        buffer.len()
    );
    let first = within(Duration::from_secs(5), HUNG, {
        let buffer = Arc::clone(&buffer);
        move || buffer.take()
    });
    assert_eq!(first, 1, "first in, first out");
    assert_eq!(
        put_returned.recv_timeout(Duration::from_secs(5)),
        Ok(3),
        "{HUNG} (the third put never woke up after a take made room)"
    );
    producer.join().expect("the producer panicked");
    let rest = within(Duration::from_secs(5), HUNG, move || {
        (buffer.take(), buffer.take())
    });
    assert_eq!(rest, (2, 3), "first in, first out");
}

#[test]
fn a_thousand_round_trips() {
    // Two buffers of one, a ball passed back and forth: each side sleeps on an empty
    // buffer almost every round, so a missing notify hangs it within a few rounds.
    let there = Arc::new(Buffer::new(1));
    let back = Arc::new(Buffer::new(1));
    let echo = thread::spawn({
        let (there, back) = (Arc::clone(&there), Arc::clone(&back));
        move || (0..1_000).for_each(|_| back.put(there.take() + 1))
    });
    let player = thread::spawn(move || {
        let mut ball = 0u32;
        for _ in 0..1_000 {
            there.put(ball);
            ball = back.take();
        }
        ball
    });
    let ball = finish(vec![player], Duration::from_secs(6));
    finish(vec![echo], Duration::from_secs(5));
    assert_eq!(
        ball,
        [1_000],
        "the ball came back 1000 times, one more each time"
    );
}
