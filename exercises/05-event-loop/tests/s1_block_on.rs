//! Step 1: `block_on` polls the future, and between polls it sleeps until the future's
//! waker is called: no busy polling, no lost wake.

mod support;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use event_loop::s1_block_on::block_on;
use support::{CountPolls, within};

/// Pending until a helper thread, started at the first poll, calls the waker after
/// `delay`.
struct WokenLater {
    delay: Duration,
    done: Arc<AtomicBool>,
    started: bool,
}

impl WokenLater {
    fn new(delay: Duration) -> Self {
        Self {
            delay,
            done: Arc::new(AtomicBool::new(false)),
            started: false,
        }
    }
}

impl Future for WokenLater {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.done.load(Ordering::SeqCst) {
            return Poll::Ready("woken");
        }
        if !self.started {
            self.started = true;
            let (done, waker, delay) = (Arc::clone(&self.done), cx.waker().clone(), self.delay);
            thread::spawn(move || {
                thread::sleep(delay);
                done.store(true, Ordering::SeqCst);
                waker.wake();
            });
        }
        Poll::Pending
    }
}

#[test]
fn a_ready_future_is_polled_once() {
    let polls = within(
        "block_on never returned for a future that is ready at once",
        || {
            let (future, polls) = CountPolls::new(async { 6 * 7 });
            assert_eq!(block_on(future), 42, "block_on returns the future's output");
            polls.load(Ordering::SeqCst)
        },
    );
    assert_eq!(
        polls, 1,
        "a future that is ready at once needs one poll, not {polls}"
    );
}

/// The scheduler state of a thread of this process, from `/proc` ('R' running or
/// runnable, 'S' asleep, …), or `None` if it cannot be read.
#[cfg(target_os = "linux")]
fn thread_state(tid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    // "tid (name) S …": the name may hold spaces and parentheses, so split at the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Pending until a helper thread has seen the thread that polled it asleep in the
/// kernel (or has given up after a second); then it is woken, and says which.
#[cfg(target_os = "linux")]
struct WokenOnceAsleep {
    seen_asleep: Arc<std::sync::Mutex<Option<bool>>>,
    started: bool,
}

#[cfg(target_os = "linux")]
impl Future for WokenOnceAsleep {
    type Output = bool;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        if let Some(seen) = *self.seen_asleep.lock().unwrap() {
            return Poll::Ready(seen);
        }
        if !self.started {
            self.started = true;
            // The kernel's id of the thread running the loop (the first field).
            let tid = std::fs::read_to_string("/proc/thread-self/stat")
                .ok()
                .and_then(|stat| Some(stat.split(' ').next()?.to_owned()));
            let (seen_asleep, waker) = (Arc::clone(&self.seen_asleep), cx.waker().clone());
            thread::spawn(move || {
                let asleep = match tid.filter(|tid| thread_state(tid).is_some()) {
                    Some(tid) => {
                        let give_up = Instant::now() + Duration::from_secs(1);
                        let mut asleep = false;
                        while !asleep && Instant::now() < give_up {
                            asleep = thread_state(&tid) == Some('S');
                            thread::sleep(Duration::from_millis(1));
                        }
                        asleep
                    }
                    // A sandbox without /proc: wake it after a while, and let the
                    // count of polls be the only check.
                    None => {
                        thread::sleep(Duration::from_millis(50));
                        true
                    }
                };
                *seen_asleep.lock().unwrap() = Some(asleep);
                waker.wake();
            });
        }
        Poll::Pending
    }
}

#[test]
fn it_sleeps_until_woken_instead_of_polling() {
    // Counting polls catches a loop that polls while it waits; it cannot see one that
    // waits by spinning on a flag between two polls. The kernel can: on Linux the
    // future is woken only once a helper has seen the loop's thread asleep ('S'), which
    // a spinning thread (running or ready to run, 'R') never is.
    let (polls, seen_asleep) = within(
        "block_on never returned after the future's waker was called from another thread: \
         the waker must unpark the thread that parked (`Thread::unpark`)",
        || {
            #[cfg(target_os = "linux")]
            let (future, polls) = CountPolls::new(WokenOnceAsleep {
                seen_asleep: Arc::default(),
                started: false,
            });
            #[cfg(not(target_os = "linux"))]
            let (future, polls) = CountPolls::new(async {
                WokenLater::new(Duration::from_millis(50)).await == "woken"
            });
            let seen_asleep = block_on(future);
            (polls.load(Ordering::SeqCst), seen_asleep)
        },
    );
    assert!(
        polls <= 3,
        "the future was polled {polls} times while it waited for its waker: the loop is \
         busy-polling. After a `Pending`, park the thread (`std::thread::park`) and let the \
         waker unpark it; a waiting future needs 2 polls"
    );
    assert!(
        seen_asleep,
        "the loop's thread never went to sleep in the second its future waited: it spun \
         (checking a flag, or calling `yield_now`, is still busy waiting). After a \
         `Pending`, park the thread (`std::thread::park`), and let the waker unpark it"
    );
}

#[test]
fn a_wake_during_the_poll_is_not_lost() {
    // The future wakes itself inside its first poll (as `yield_now` does), then is
    // ready at the second. A loop that parks after that poll must not sleep for ever.
    let out = within(
        "block_on slept through a wake that came during the poll: `unpark` before `park` \
         makes the next `park` return at once, so park right after the poll, no flag needed",
        || {
            let mut woke = false;
            block_on(std::future::poll_fn(move |cx| {
                if woke {
                    Poll::Ready("second poll")
                } else {
                    woke = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            }))
        },
    );
    assert_eq!(out, "second poll");
}

#[test]
fn the_waker_unparks_the_loops_thread() {
    // A test-only trick: the future calls its waker and then parks the thread it runs
    // on, which is the loop's. If the waker unparked that thread, the token it left
    // makes this `park_timeout` return at once; if the waker did anything else (set a
    // flag, nothing at all, unpark some other thread), it sleeps the whole 2 s. (The
    // limit only keeps a wrong answer from hanging the test; a right one takes no time.)
    let unparked = within("block_on never returned a future that was ready", || {
        block_on(std::future::poll_fn(|cx| {
            cx.waker().wake_by_ref();
            let start = Instant::now();
            thread::park_timeout(Duration::from_secs(2));
            Poll::Ready(start.elapsed() < Duration::from_secs(1))
        }))
    });
    assert!(
        unparked,
        "the future called its waker and then parked the thread that runs block_on, and \
         nobody unparked it: the waker must unpark the loop's thread (the `Thread` taken \
         with `thread::current()` before the loop), not set a flag or wait for a timeout"
    );
}

#[test]
fn many_wakes_from_threads_all_arrive() {
    let out = within(
        "block_on lost a wake from another thread: the waker must unpark the loop's thread",
        || {
            block_on(async {
                let mut total = 0;
                for _ in 0..20 {
                    total += WokenLater::new(Duration::from_millis(1)).await.len();
                }
                total
            })
        },
    );
    assert_eq!(out, 20 * "woken".len());
}
