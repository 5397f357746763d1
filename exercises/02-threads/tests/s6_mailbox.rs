//! Step 6: a thread that sees the mailbox full must see the value posted.
//!
//! A test run on real threads proves little here: x86 processors already keep ordinary
//! loads and stores in the order Release and Acquire ask for, so wrong `Relaxed` code
//! usually passes there (and fails on ARM, or once the compiler reorders it).
//! loom does not depend on the machine: it runs the test many times, once per possible
//! interleaving of the threads and per value that the memory model lets each load return,
//! and fails if any of them breaks an assertion.

use std::sync::atomic::Ordering;

use threads::s6_mailbox::{Atomic, Mailbox};

// ANCHOR: loom
/// loom's atomic, dressed in the step's `Atomic` trait (a local type, so the trait can be
/// implemented for it here).
struct LoomU64(loom::sync::atomic::AtomicU64);

impl Atomic for LoomU64 {
    fn new(value: u64) -> Self {
        Self(loom::sync::atomic::AtomicU64::new(value))
    }

    fn load(&self, order: Ordering) -> u64 {
        self.0.load(order)
    }

    fn store(&self, value: u64, order: Ordering) {
        self.0.store(value, order);
    }
}

/// Explores every interleaving of the model (bounded preemption keeps it to a few
/// hundred runs; two threads and four operations need no more).
fn explore(model: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(model);
}

#[test]
fn seeing_the_flag_means_seeing_the_value() {
    // A panic inside loom's spawned threads aborts the whole test binary, so first make
    // sure the mailbox works at all on std's atomics, one thread, and fail cleanly if not.
    let plain = std::panic::catch_unwind(|| {
        let mailbox: Mailbox = Mailbox::new();
        mailbox.post(5);
        mailbox.check()
    });
    assert!(
        matches!(plain, Ok(Some(5))),
        "post(5) then check() on one thread should give Some(5): finish both before \
         loom can check them"
    );
    explore(|| {
        let mailbox = loom::sync::Arc::new(Mailbox::<LoomU64>::new());
        let poster = loom::thread::spawn({
            let mailbox = mailbox.clone();
            move || mailbox.post(42)
        });
        if let Some(value) = mailbox.check() {
            assert_eq!(
                value, 42,
                "check() saw the mailbox full but read the value {value}: the flag must \
                 publish the value; store it with Release after the value, load it with \
                 Acquire before reading the value"
            );
        }
        poster.join().expect("the posting thread panicked");
        assert_eq!(
            mailbox.check(),
            Some(42),
            "after post() has returned (and its thread joined), check() must see the value"
        );
    });
}

// ANCHOR_END: loom

#[test]
fn an_empty_mailbox_says_none() {
    let mailbox: Mailbox = Mailbox::new();
    assert_eq!(mailbox.check(), None, "nothing posted yet");
    mailbox.post(7);
    assert_eq!(mailbox.check(), Some(7), "posted 7");
}

#[test]
fn a_value_crosses_real_threads() {
    let mailbox: Mailbox = Mailbox::new();
    let seen = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            loop {
                if let Some(value) = mailbox.check() {
                    return value;
                }
                std::thread::yield_now();
            }
        });
        mailbox.post(99);
        reader.join().expect("the reading thread panicked")
    });
    assert_eq!(seen, 99);
}
