//! Step 2: the run queue. A waker queues its own task, once; the loop polls only the
//! tasks in the queue, and a wake during a poll is not lost.

mod support;

use std::cell::RefCell;
use std::future::poll_fn;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::task::{Poll, Waker};

use event_loop::s2_run_queue::Executor;
use support::within;

/// A door a task waits at; the test opens it by calling the waker left there.
#[derive(Clone, Default)]
struct Gate(Rc<RefCell<(bool, Option<Waker>)>>);

impl Gate {
    async fn wait(self) {
        poll_fn(|cx| {
            let mut gate = self.0.borrow_mut();
            if gate.0 {
                Poll::Ready(())
            } else {
                gate.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
    }

    fn open(&self) {
        let waker = {
            let mut gate = self.0.borrow_mut();
            gate.0 = true;
            gate.1.take()
        };
        waker.expect("the task left its waker at the gate").wake();
    }

    /// Calls the task's waker without opening (a spurious wake).
    fn knock(&self) {
        let waker = self.0.borrow().1.clone();
        waker.expect("the task left its waker at the gate").wake();
    }
}

#[test]
fn each_task_runs_once_at_first() {
    within("run_until_idle never returned", || {
        exercise_support::guide();
        let exec = Executor::new();
        let gates: Vec<Gate> = (0..3).map(|_| Gate::default()).collect();
        let ids: Vec<_> = gates.iter().map(|g| exec.spawn(g.clone().wait())).collect();
        exec.run_until_idle();
        for id in ids {
            assert_eq!(
                exec.polls(id),
                1,
                "task {id} was polled {} times before anything woke it: a new task runs \
                 once, then waits for its waker",
                exec.polls(id)
            );
        }
    });
}

#[test]
fn only_the_woken_task_is_polled() {
    within("run_until_idle never returned", || {
        exercise_support::guide();
        let exec = Executor::new();
        let gates: Vec<Gate> = (0..3).map(|_| Gate::default()).collect();
        let ids: Vec<_> = gates.iter().map(|g| exec.spawn(g.clone().wait())).collect();
        exec.run_until_idle();
        gates[1].open();
        exec.run_until_idle();
        assert!(
            exec.is_done(ids[1]),
            "task {} was woken and never finished",
            ids[1]
        );
        for i in [0, 2] {
            assert_eq!(
                exec.polls(ids[i]),
                1,
                "task {} was polled although nobody woke it (only task {}'s waker was \
                 called): a waker queues its own task, and the loop polls only what is \
                 in the queue",
                ids[i],
                ids[1]
            );
        }
    });
}

#[test]
fn a_task_woken_twice_before_it_runs_is_polled_once() {
    within("run_until_idle never returned", || {
        exercise_support::guide();
        let exec = Executor::new();
        let gate = Gate::default();
        let id = exec.spawn(gate.clone().wait());
        exec.run_until_idle();
        gate.knock();
        gate.knock();
        exec.run_until_idle();
        assert_eq!(
            exec.polls(id),
            2,
            "the task was polled {} times for two wakes that came before it ran: it needs \
             one more poll, not one per wake. Use `queued` so a task is in the queue once",
            exec.polls(id)
        );
    });
}

#[test]
fn a_wake_during_the_poll_is_not_lost() {
    within("run_until_idle never returned", || {
        exercise_support::guide();
        let exec = Executor::new();
        // Wakes itself during each of its first three polls (as `yield_now` does).
        let mut left = 3;
        let id = exec.spawn(poll_fn(move |cx| {
            if left == 0 {
                return Poll::Ready(());
            }
            left -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }));
        exec.run_until_idle();
        assert!(
            exec.is_done(id),
            "the task woke itself during its poll and was never polled again (polled {} \
             times): clear `queued` *before* polling, so that a wake during the poll queues \
             the task again, and keep popping until the queue is empty (not just the tasks \
             that were in it when run_until_idle began)",
            exec.polls(id)
        );
        assert_eq!(
            exec.polls(id),
            4,
            "three yields and a last poll make four polls"
        );
    });
}

#[test]
fn a_task_can_spawn_another() {
    within("run_until_idle never returned", || {
        exercise_support::guide();
        let exec = Rc::new(Executor::new());
        let ran = Rc::new(RefCell::new(false));
        let (inner_exec, inner_ran) = (Rc::clone(&exec), Rc::clone(&ran));
        // A task that spawns another as it runs, the way a server spawns one task per
        // connection. (The task holds the executor: a cycle, fine in a test.)
        let parent = exec.spawn(async move {
            let flag = Rc::clone(&inner_ran);
            inner_exec.spawn(async move { *flag.borrow_mut() = true });
        });
        if catch_unwind(AssertUnwindSafe(|| exec.run_until_idle())).is_err() {
            panic!(
                "run_until_idle panicked when a task spawned from inside a task: `spawn` \
                 borrows `tasks`, so the loop must not hold a borrow of `tasks` while it \
                 polls. Take the task out of the map (`remove`), poll it, put it back if \
                 it is pending"
            );
        }
        assert!(exec.is_done(parent), "the spawning task finished");
        assert!(
            *ran.borrow(),
            "a task spawned from inside a task never ran: it is queued by `spawn`, and \
             run_until_idle runs until the queue is empty"
        );
    });
}
