//! Step 3: a `JoinHandle` gives the task's output, and wakes whoever awaits it when the
//! task finishes (and not before).

mod support;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use event_loop::runtime::{self, block_on};
use event_loop::s3_join_handle::spawn;
use support::within;

/// Pending once, having woken its own task: lets the other tasks run.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[test]
fn the_handle_gives_the_output() {
    let out = within(
        "awaiting a JoinHandle never finished: the JoinHandle never woke the task awaiting \
         it. Keep `cx.waker()` in `poll` and wake it when the output arrives",
        || block_on(async { spawn(async { 7 }).await * 6 }),
    );
    assert_eq!(out, 42, "the handle gives the task's output");
}

#[test]
fn the_awaiter_sleeps_until_the_task_finishes() {
    let main_polls = within(
        "awaiting a JoinHandle never finished: the JoinHandle never woke the task awaiting \
         it. Keep `cx.waker()` in `poll` and wake it when the output arrives",
        || {
            block_on(async {
                // The task yields 20 times before it is done; meanwhile `main` waits.
                let handle = spawn(async {
                    for _ in 0..20 {
                        YieldOnce(false).await;
                    }
                    "done"
                });
                assert_eq!(handle.await, "done");
                runtime::polls_of(0)
            })
        },
    );
    assert!(
        main_polls <= 3,
        "the task awaiting the handle was polled {main_polls} times while the other task \
         ran: it should sleep until the task finishes (2 polls). Store the waker in `poll` \
         and let the finishing task wake it, instead of waking yourself"
    );
}

#[test]
fn many_handles_each_give_their_own_output() {
    let sum = within(
        "awaiting a JoinHandle never finished: the JoinHandle never woke the task awaiting \
         it. Keep `cx.waker()` in `poll` and wake it when the output arrives",
        || {
            block_on(async {
                let handles: Vec<_> = (1..=10u32)
                    .map(|i| {
                        spawn(async move {
                            for _ in 0..i {
                                YieldOnce(false).await;
                            }
                            i
                        })
                    })
                    .collect();
                let mut sum = 0;
                for handle in handles {
                    sum += handle.await;
                }
                sum
            })
        },
    );
    assert_eq!(sum, 55, "each handle gives its own task's output");
}

#[test]
fn the_task_that_polls_last_is_the_one_woken() {
    // The handle is polled once with another waker (as `select!` or a timeout does),
    // then awaited by `main`: the finishing task must wake `main`, whose waker came
    // last, not the first one.
    let out = within(
        "main awaited the handle and was never woken: the handle was polled first with \
         another waker, and `finish` woke that one. In `poll`, store the waker of the latest \
         poll every time (it replaces the old one)",
        || {
            block_on(async {
                let mut handle = spawn(async {
                    YieldOnce(false).await;
                    "done"
                });
                let early = Pin::new(&mut handle).poll(&mut Context::from_waker(Waker::noop()));
                assert!(early.is_pending(), "the task has not run yet");
                handle.await
            })
        },
    );
    assert_eq!(out, "done");
}
