//! Step 4: a round-robin scheduler. Each test coroutine yields `name + step` at each
//! step; the order of those labels is the exact interleaving, and it is checked.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use coroutines::generator::{BoxGen, Co, Gen};
use coroutines::s4_round_robin::round_robin;
use support::within;

/// A coroutine that yields `a1`, `a2`, … `a{steps}`, and records each time it runs.
fn task(name: &'static str, steps: usize, ran: Rc<RefCell<Vec<String>>>) -> BoxGen<String, (), ()> {
    Gen::boxed(move |co: Co<String, ()>| async move {
        for step in 1..=steps {
            ran.borrow_mut().push(format!("{name}{step}"));
            co.yield_(format!("{name}{step}")).await;
        }
    })
}

/// Runs `round_robin` over tasks of the given names and lengths; returns what it
/// returned and what the tasks recorded as they ran.
fn run(tasks: &'static [(&'static str, usize)]) -> (Vec<String>, Vec<String>) {
    within("round_robin", move || {
        let ran = Rc::new(RefCell::new(Vec::new()));
        let coroutines = tasks
            .iter()
            .map(|&(name, steps)| task(name, steps, Rc::clone(&ran)))
            .collect();
        let order = round_robin(coroutines);
        let ran = ran.borrow().clone();
        (order, ran)
    })
}

fn check(got: &(Vec<String>, Vec<String>), expected: &[&str], one_after_another: &[&str]) {
    let (order, ran) = got;
    assert!(
        order != one_after_another,
        "each coroutine ran to its end before the next one started: {order:?}; round robin \
         resumes each one once, then puts it at the back of the queue, so they take turns: \
         {expected:?}"
    );
    assert_eq!(order, expected, "the exact round-robin interleaving");
    assert_eq!(
        ran, expected,
        "the coroutines must run in the order their values are returned"
    );
}

#[test]
fn three_coroutines_take_turns() {
    let got = run(&[("a", 3), ("b", 1), ("c", 2)]);
    check(
        &got,
        &["a1", "b1", "c1", "a2", "c2", "a3"],
        &["a1", "a2", "a3", "b1", "c1", "c2"],
    );
}

#[test]
fn a_coroutine_that_ends_at_once_leaves_the_queue() {
    let got = run(&[("a", 0), ("b", 2), ("c", 0), ("d", 1)]);
    check(&got, &["b1", "d1", "b2"], &["b1", "b2", "d1"]);
}

#[test]
fn many_coroutines_take_turns_until_all_are_done() {
    let got = run(&[("a", 4), ("b", 4), ("c", 4), ("d", 4), ("e", 1)]);
    check(
        &got,
        &[
            "a1", "b1", "c1", "d1", "e1", "a2", "b2", "c2", "d2", "a3", "b3", "c3", "d3", "a4",
            "b4", "c4", "d4",
        ],
        &[
            "a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4", "c1", "c2", "c3", "c4", "d1", "d2",
            "d3", "d4", "e1",
        ],
    );
}

#[test]
fn no_coroutines_yield_nothing() {
    let (order, _) = run(&[]);
    assert!(
        order.is_empty(),
        "no coroutines yield nothing, got {order:?}"
    );
}
