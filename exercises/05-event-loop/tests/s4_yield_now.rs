//! Step 4: `yield_now` gives the other ready tasks a turn: `Pending` once, with its
//! own task woken so it comes back.

mod support;

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::Context;

use event_loop::runtime::{block_on, spawn};
use event_loop::s4_yield_now::yield_now;
use support::{CountingWaker, within};

#[test]
fn the_first_poll_is_pending_and_wakes_its_task() {
    within("polling yield_now never returned", || {
        exercise_support::guide();
        let (counter, waker) = CountingWaker::new();
        let mut cx = Context::from_waker(&waker);
        let mut y = pin!(yield_now());
        assert!(
            y.as_mut().poll(&mut cx).is_pending(),
            "yield_now returned Ready at once: the other tasks never get a turn. Its first \
             poll must return Pending"
        );
        assert_eq!(
            counter.count(),
            1,
            "yield_now returned Pending but woke its task {} times: wake it exactly once \
             (`cx.waker().wake_by_ref()`), or nobody will ever poll it again",
            counter.count()
        );
        assert!(
            y.as_mut().poll(&mut cx).is_ready(),
            "yield_now's second poll must be Ready: it yields once, not for ever"
        );
    });
}

#[test]
fn two_yielding_tasks_take_turns() {
    let order = within(
        "the tasks never finished: yield_now returned Pending without waking its task, and \
         nobody else will wake it",
        || {
            exercise_support::guide();
            block_on(async {
                let order = Rc::new(RefCell::new(Vec::new()));
                for name in ["a", "b"] {
                    let order = Rc::clone(&order);
                    spawn(async move {
                        for i in 1..=3 {
                            order.borrow_mut().push(format!("{name}{i}"));
                            yield_now().await;
                        }
                    });
                }
                // Wait until both tasks are done, yielding so they can run.
                while order.borrow().len() < 6 {
                    yield_now().await;
                }
                order.take()
            })
        },
    );
    assert_eq!(
        order,
        ["a1", "b1", "a2", "b2", "a3", "b3"],
        "with yield_now the tasks take turns; {order:?} means a task ran on without giving \
         the thread back (yield_now returned Ready at once)"
    );
}
