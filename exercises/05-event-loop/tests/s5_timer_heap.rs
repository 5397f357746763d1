//! Step 5: the timer heap fires timers in deadline order, never before their deadline,
//! and tells the loop how long it may sleep. The clock is the test's: `now` is passed
//! in, so no test waits for real time.

mod support;

use std::sync::{Arc, Mutex};
use std::task::{Wake, Waker};
use std::time::Duration;

use event_loop::s5_timer_heap::Timers;
use support::within;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A waker that writes its name into a shared log when woken.
struct Named(&'static str, Arc<Mutex<Vec<&'static str>>>);

impl Wake for Named {
    fn wake(self: Arc<Self>) {
        self.1.lock().unwrap().push(self.0);
    }
}

fn timers_with(deadlines: &[(&'static str, u64)]) -> (Timers, Arc<Mutex<Vec<&'static str>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut timers = Timers::new();
    for &(name, at) in deadlines {
        timers.add(ms(at), Waker::from(Arc::new(Named(name, Arc::clone(&log)))));
    }
    (timers, log)
}

#[test]
fn timers_fire_in_deadline_order() {
    within("the timer heap never returned", || {
        exercise_support::guide();
        let (mut timers, log) = timers_with(&[("30ms", 30), ("10ms", 10), ("20ms", 20)]);
        let fired = timers.fire_due(ms(100));
        let got = log.lock().unwrap().clone();
        assert_eq!(
            got,
            ["10ms", "20ms", "30ms"],
            "timers fired in the order {got:?}, not in deadline order: keep them in a \
             min-heap (`BinaryHeap<Reverse<…>>`) and pop the earliest first"
        );
        assert_eq!(fired, 3, "fire_due returns how many timers fired");
        assert_eq!(timers.len(), 0, "fired timers leave the heap");
    });
}

#[test]
fn no_timer_fires_before_its_deadline() {
    within("the timer heap never returned", || {
        exercise_support::guide();
        let (mut timers, log) = timers_with(&[("10ms", 10), ("20ms", 20), ("30ms", 30)]);
        timers.fire_due(ms(15));
        let got = log.lock().unwrap().clone();
        let why = if got.len() > 1 {
            "a timer fired early. Stop at the first timer whose deadline is after `now`"
        } else {
            "the 10 ms timer is due and did not fire: is the earliest deadline on top?"
        };
        assert_eq!(
            got,
            ["10ms"],
            "at 15 ms only the 10 ms timer is due, but {got:?} fired: {why}"
        );
        timers.fire_due(ms(19));
        assert_eq!(log.lock().unwrap().len(), 1, "nothing is due at 19 ms");
        timers.fire_due(ms(20));
        assert_eq!(
            log.lock().unwrap().clone(),
            ["10ms", "20ms"],
            "a timer is due at its deadline exactly (deadline <= now)"
        );
    });
}

#[test]
fn the_next_deadline_is_the_earliest() {
    within("the timer heap never returned", || {
        exercise_support::guide();
        let (mut timers, _) = timers_with(&[("30ms", 30), ("10ms", 10), ("20ms", 20)]);
        assert_eq!(
            timers.next_deadline(),
            Some(ms(10)),
            "the loop sleeps until the *earliest* deadline; any later and that timer fires \
             late"
        );
        timers.fire_due(ms(10));
        assert_eq!(timers.next_deadline(), Some(ms(20)));
        timers.fire_due(ms(30));
        assert_eq!(timers.next_deadline(), None, "no timers, no deadline");
    });
}

#[test]
fn a_loop_that_sleeps_until_each_next_deadline_fires_each_on_time() {
    within("the simulated loop never finished", || {
        exercise_support::guide();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut timers = Timers::new();
        let at = [50u64, 5, 40, 5, 25];
        let names = ["50 (1st)", "5 (2nd)", "40 (3rd)", "5 (4th)", "25 (5th)"];
        for (deadline, name) in at.into_iter().zip(names) {
            timers.add(
                ms(deadline),
                Waker::from(Arc::new(Named(name, Arc::clone(&log)))),
            );
        }
        // The loop of stage 3 with a manual clock: jump to the next deadline, fire.
        let mut fired_at = Vec::new();
        let mut turns = 0;
        while let Some(next) = timers.next_deadline() {
            turns += 1;
            assert!(
                turns <= 10,
                "the loop keeps finding deadlines: do fired timers leave?"
            );
            let before = log.lock().unwrap().len();
            timers.fire_due(next);
            let after = log.lock().unwrap().len();
            fired_at.extend(std::iter::repeat_n(next, after - before));
        }
        let got = log.lock().unwrap().clone();
        assert_eq!(
            got,
            ["5 (2nd)", "5 (4th)", "25 (5th)", "40 (3rd)", "50 (1st)"],
            "timers fired in the order {got:?}, not in deadline order (equal deadlines in \
             the order they were added)"
        );
        assert_eq!(
            fired_at,
            [ms(5), ms(5), ms(25), ms(40), ms(50)],
            "timers fired at {fired_at:?}, not each at its own deadline: a timer fired early \
             (or late). Fire only the timers whose deadline is <= now"
        );
    });
}

/// A waker that writes its number into a shared log when woken.
struct Numbered(usize, Arc<Mutex<Vec<usize>>>);

impl Wake for Numbered {
    fn wake(self: Arc<Self>) {
        self.1.lock().unwrap().push(self.0);
    }
}

#[test]
fn many_timers_with_the_same_deadline_fire_in_the_order_added() {
    within("the timer heap never returned", || {
        exercise_support::guide();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut timers = Timers::new();
        // 64 timers all due at 10 ms, added between later ones: a sort or a heap that
        // does not break ties by the order of adding mixes them up.
        for i in 0..64 {
            timers.add(ms(10), Waker::from(Arc::new(Numbered(i, Arc::clone(&log)))));
            let later = Numbered(1000 + i, Arc::clone(&log));
            timers.add(ms(20 + i as u64), Waker::from(Arc::new(later)));
        }
        let fired = timers.fire_due(ms(10));
        let got = log.lock().unwrap().clone();
        assert_eq!(fired, 64, "64 timers are due at 10 ms, {fired} fired");
        assert!(
            got.iter().copied().eq(0..64),
            "64 timers with the same deadline fired in the order {got:?}, not in the order \
             they were added (0 to 63): break ties with a sequence number \
             (`Reverse((deadline, seq))`); an unstable sort, or a heap of deadlines alone, \
             mixes them up"
        );
    });
}
