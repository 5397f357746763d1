//! Stage 4: an IO reactor. Sockets are non-blocking; the loop sleeps in `epoll_wait`.
//!
//! What changed from stage 3:
//! - the runtime owns a reactor: a mio `Poll` (epoll on Linux) where every socket is
//!   registered once, and for each socket the wakers of the tasks waiting to read or
//!   to write it;
//! - an IO future tries the operation first; only when the OS answers `WouldBlock` does
//!   it leave its waker with the reactor and return `Pending`;
//! - when nothing is ready, the loop sleeps in `epoll_wait` (instead of `park`), with the
//!   next timer's deadline as its timeout, and wakes the tasks whose sockets became
//!   ready; while tasks are ready it still checks the sockets every few turns;
//! - a wake from another thread can no longer `unpark` the loop (it is asleep in the
//!   kernel, not parked): it writes to a mio `Waker` (an eventfd) registered with epoll,
//!   and only when the loop is asleep, since that costs a system call;
//! - [`TcpListener`] and [`TcpStream`] with `accept`, `connect`, `read`, `write_all`;
//! - and three changes for speed only (the benchmark compares this stage with tokio):
//!   a turn takes the whole run queue under one lock, a task keeps its `Waker` instead
//!   of making one per poll, and the maps keyed by task or timer number use a cheap
//!   hash instead of std's SipHash.
//!
//! Why mio and not the `polling` crate: `polling`'s `Poller::add` is an `unsafe fn` (the
//! caller promises to remove the socket before closing it), and this course forbids
//! `unsafe`; mio's `register` is safe, and tokio builds mio anyway.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::{Future, poll_fn};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Poll as Epoll, Token};

use crate::trace::{self, Cause, MAIN, Step, TaskId, Trace};

// ANCHOR: task
/// A spawned task: its future, and the waker that queues it (made once, at spawn).
struct Task {
    future: Pin<Box<dyn Future<Output = ()>>>,
    waker: Arc<TaskWaker>,
    /// `waker` as a `Waker`, made once, so a poll costs no reference-count traffic.
    handle: Waker,
}

/// Task, timer and socket numbers count up from 1: multiplying by a large odd
/// constant spreads them over the hash table well. std's default hasher (SipHash)
/// resists keys chosen by an attacker, which these are not, and costs more.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The loop's state. Tasks wait in `tasks` until their number shows up in `ready`.
struct Runtime {
    tasks: RefCell<IdMap<TaskId, Task>>,
    ready: Arc<RunQueue>,
    timers: RefCell<Timers>,
    reactor: RefCell<Reactor>,
    /// Turns since the reactor was last asked about sockets.
    turns: Cell<u32>,
    next_id: Cell<TaskId>,
    trace: Trace,
    clock: Clock,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}
// ANCHOR_END: task

// ANCHOR: clock
/// The runtime's sense of time, as a duration since the runtime started.
#[derive(Debug)]
pub enum Clock {
    /// The machine's monotonic clock; waiting really waits.
    Real(Instant),
    /// A clock that moves only when the loop has nothing to do but wait for a timer:
    /// then it jumps to that timer's deadline. Tests run hours of timers in microseconds.
    Manual(Cell<Duration>),
}

impl Clock {
    pub fn real() -> Self {
        Clock::Real(Instant::now())
    }

    pub fn manual() -> Self {
        Clock::Manual(Cell::new(Duration::ZERO))
    }

    pub fn now(&self) -> Duration {
        match self {
            Clock::Real(start) => start.elapsed(),
            Clock::Manual(now) => now.get(),
        }
    }

    /// How long the loop may sleep in `epoll_wait` to wake up at `deadline` (`None`:
    /// for ever, until a socket or another thread wakes it). A manual clock jumps to
    /// the deadline and lets the loop only glance at the sockets.
    fn timeout(&self, deadline: Option<Duration>) -> Option<Duration> {
        match (self, deadline) {
            (Clock::Real(_), Some(deadline)) => Some(deadline.saturating_sub(self.now())),
            (Clock::Manual(now), Some(deadline)) => {
                now.set(now.get().max(deadline));
                Some(Duration::ZERO)
            }
            (_, None) => None,
        }
    }
}
// ANCHOR_END: clock

// ANCHOR: timers
/// The timers not yet fired: a min-heap of (deadline, sequence number), and the waker
/// of each. The sequence number keeps timers with the same deadline in the order they
/// were set, and tells the wakers apart.
#[derive(Default)]
struct Timers {
    heap: BinaryHeap<Reverse<(Duration, u64)>>,
    wakers: IdMap<u64, Waker>,
    next: u64,
}

impl Timers {
    fn add(&mut self, deadline: Duration, waker: Waker) -> u64 {
        let id = self.next;
        self.next += 1;
        self.heap.push(Reverse((deadline, id)));
        self.wakers.insert(id, waker);
        id
    }

    /// The earliest deadline still waiting, if any.
    fn next_deadline(&self) -> Option<Duration> {
        self.heap.peek().map(|Reverse((deadline, _))| *deadline)
    }

    /// Takes out, earliest first, the wakers of the timers due at `now`.
    fn due(&mut self, now: Duration) -> Vec<Waker> {
        let mut due = Vec::new();
        while let Some(&Reverse((deadline, id))) = self.heap.peek() {
            if deadline > now {
                break;
            }
            self.heap.pop();
            // A cancelled sleep removed its waker already; skip it.
            if let Some(waker) = self.wakers.remove(&id) {
                due.push(waker);
            }
        }
        due
    }
}
// ANCHOR_END: timers

// ANCHOR: reactor
/// The mio token of the loop's own `Waker` (wakes from other threads); sockets get
/// tokens from 1 up.
const NOTIFY: Token = Token(0);

/// How many turns the loop may run with tasks ready before it checks the sockets
/// anyway: fairness to IO without a system call on every turn. (tokio's
/// `event_interval` defaults to 61 for the same reason, but counts single task polls,
/// where one of our turns polls every task that was ready when it began.)
const IO_EVERY_TURNS: u32 = 61;

/// The tasks waiting on one socket: one to read, one to write.
#[derive(Default)]
struct Waiting {
    read: Option<Waker>,
    write: Option<Waker>,
}

/// Which way a task waits on a socket.
#[derive(Debug, Clone, Copy)]
enum Direction {
    Read,
    Write,
}

/// epoll and who waits on what.
struct Reactor {
    epoll: Epoll,
    events: Events,
    waiting: IdMap<Token, Waiting>,
    next_token: usize,
}

impl Reactor {
    /// Registers a socket for both directions, once for its whole life. mio is
    /// edge-triggered: epoll reports a socket when it *becomes* ready, so a task must
    /// read (or write) until `WouldBlock` before it waits, which our futures do.
    fn register(&mut self, source: &mut impl mio::event::Source) -> io::Result<Token> {
        let token = Token(self.next_token);
        self.next_token += 1;
        self.epoll
            .registry()
            .register(source, token, Interest::READABLE | Interest::WRITABLE)?;
        self.waiting.insert(token, Waiting::default());
        Ok(token)
    }

    fn deregister(&mut self, source: &mut impl mio::event::Source, token: Token) {
        // Closing the socket would remove it from epoll anyway; an error here changes
        // nothing for the program.
        let _ = self.epoll.registry().deregister(source);
        self.waiting.remove(&token);
    }

    /// Leaves `waker` to be woken when the socket is ready in `direction`.
    fn wait_for(&mut self, token: Token, direction: Direction, waker: &Waker) {
        if let Some(waiting) = self.waiting.get_mut(&token) {
            let slot = match direction {
                Direction::Read => &mut waiting.read,
                Direction::Write => &mut waiting.write,
            };
            *slot = Some(waker.clone());
        }
    }

    /// Waits in `epoll_wait` for up to `timeout`, then returns the wakers of the tasks
    /// whose sockets became ready (a closed or failed socket counts as ready: the task's
    /// next read or write sees the end or the error).
    fn wait(&mut self, timeout: Option<Duration>) -> Vec<Waker> {
        if let Err(err) = self.epoll.poll(&mut self.events, timeout) {
            // EINTR (a signal) is harmless: the loop comes back here soon enough.
            if err.kind() != io::ErrorKind::Interrupted {
                panic!("epoll_wait failed: {err}");
            }
        }
        let mut ready = Vec::new();
        for event in &self.events {
            let Some(waiting) = self.waiting.get_mut(&event.token()) else {
                continue; // NOTIFY, or a socket closed since
            };
            if event.is_readable() || event.is_read_closed() || event.is_error() {
                ready.extend(waiting.read.take());
            }
            if event.is_writable() || event.is_write_closed() || event.is_error() {
                ready.extend(waiting.write.take());
            }
        }
        ready
    }
}
// ANCHOR_END: reactor

// ANCHOR: waker
/// The numbers of the tasks to poll, shared by every waker, and the way to wake the
/// loop when one is added. `Cause` says who woke the task (for the trace).
struct RunQueue {
    ids: Mutex<VecDeque<(TaskId, Option<Cause>)>>,
    /// True while the loop sleeps (or is about to) in `epoll_wait`.
    asleep: AtomicBool,
    notify: mio::Waker,
}

impl RunQueue {
    fn push(&self, id: TaskId, cause: Option<Cause>) {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back((id, cause));
        // Only a sleeping loop needs the system call. The loop sets `asleep` *before*
        // its last look at the queue, and we read it *after* pushing (both `SeqCst`):
        // either the loop sees our task, or we see it asleep and wake it.
        if self.asleep.load(Ordering::SeqCst) {
            // Fails only if the eventfd is gone, i.e. the runtime has ended.
            let _ = self.notify.wake();
        }
    }

    /// Moves every queued number into `batch` (empty), under one lock.
    fn take_all(&self, batch: &mut VecDeque<(TaskId, Option<Cause>)>) {
        std::mem::swap(
            &mut *self.ids.lock().unwrap_or_else(PoisonError::into_inner),
            batch,
        );
    }

    fn len(&self) -> usize {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// What a task's `Waker` points to: which task, and whether it is already queued.
struct TaskWaker {
    id: TaskId,
    queued: AtomicBool,
    ready: Arc<RunQueue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Queue the task once, however many times it is woken before it runs.
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.ready.push(self.id, Some(trace::current_cause()));
        }
    }
}
// ANCHOR_END: waker

// ANCHOR: spawn
/// What a task and its `JoinHandle` share: the output, once there is one, and the
/// waker of whoever awaits it.
struct JoinState<T> {
    output: Option<T>,
    waiter: Option<Waker>,
}

/// Starts `future` as a task of the runtime running on this thread.
///
/// # Panics
/// Outside `block_on`, like `tokio::spawn` outside a runtime.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
{
    let state = Rc::new(RefCell::new(JoinState {
        output: None,
        waiter: None,
    }));
    let shared = Rc::clone(&state);
    let future = Box::pin(async move {
        let output = future.await;
        let waiter = {
            let mut state = shared.borrow_mut();
            state.output = Some(output);
            state.waiter.take()
        };
        // The awaiter is waiting for exactly this: tell it.
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    });
    CURRENT.with(|current| {
        let current = current.borrow();
        let runtime = current.as_ref().expect("spawn called outside block_on");
        let id = runtime.next_id.replace(runtime.next_id.get() + 1);
        runtime.record(Step::Spawned(id));
        let waker = Arc::new(TaskWaker {
            id,
            queued: AtomicBool::new(true),
            ready: Arc::clone(&runtime.ready),
        });
        let handle = Waker::from(Arc::clone(&waker));
        runtime.tasks.borrow_mut().insert(
            id,
            Task {
                future,
                waker,
                handle,
            },
        );
        runtime.ready.push(id, None);
    });
    JoinHandle { state }
}

/// Awaits a spawned task's output.
pub struct JoinHandle<T> {
    state: Rc<RefCell<JoinState<T>>>,
}

impl<T> JoinHandle<T> {
    /// Whether the task has finished (its output is waiting here).
    pub fn is_finished(&self) -> bool {
        self.state.borrow().output.is_some()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.state.borrow_mut();
        match state.output.take() {
            Some(output) => Poll::Ready(output),
            None => {
                // Leave our waker for the task to call when it finishes.
                state.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
// ANCHOR_END: spawn

// ANCHOR: block_on
/// Runs `main` to completion on this thread, with every task it spawns.
pub fn block_on<F: Future>(main: F) -> F::Output {
    block_on_with(main, Clock::real(), &Trace::off())
}

/// [`block_on`] on the given clock, writing the loop's decisions into `trace`.
pub fn block_on_with<F: Future>(main: F, clock: Clock, trace: &Trace) -> F::Output {
    // Without epoll there is no loop to run: as fatal as tokio failing to build its IO
    // driver (it happens only when the process is out of file descriptors).
    let epoll = Epoll::new().expect("cannot create an epoll instance");
    let notify = mio::Waker::new(epoll.registry(), NOTIFY).expect("cannot create an eventfd");
    let ready = Arc::new(RunQueue {
        ids: Mutex::new(VecDeque::new()),
        asleep: AtomicBool::new(false),
        notify,
    });
    let runtime = Rc::new(Runtime {
        tasks: RefCell::new(IdMap::default()),
        ready: Arc::clone(&ready),
        timers: RefCell::new(Timers::default()),
        reactor: RefCell::new(Reactor {
            epoll,
            events: Events::with_capacity(1024),
            waiting: IdMap::default(),
            next_token: 1,
        }),
        turns: Cell::new(0),
        next_id: Cell::new(MAIN + 1),
        trace: trace.clone(),
        clock,
    });
    CURRENT.with(|current| *current.borrow_mut() = Some(Rc::clone(&runtime)));
    let main_waker = Arc::new(TaskWaker {
        id: MAIN,
        queued: AtomicBool::new(true),
        ready: Arc::clone(&ready),
    });
    ready.push(MAIN, None);
    let main_handle = Waker::from(Arc::clone(&main_waker));
    let mut main = std::pin::pin!(main);
    let mut batch = VecDeque::new();
    let output = 'run: loop {
        // One turn: poll the tasks that were ready when it began. (Tasks woken during
        // the turn wait for the next one, so a task that keeps yielding cannot keep
        // the loop from parking, firing timers or polling IO.)
        ready.take_all(&mut batch);
        let idle = batch.is_empty();
        while let Some((id, cause)) = batch.pop_front() {
            if let Some(cause) = cause {
                runtime.record(Step::Woken(id, cause));
            }
            if id == MAIN {
                let poll = runtime.poll(&main_waker, main.as_mut(), &main_handle);
                if let Poll::Ready(output) = poll {
                    break 'run output;
                }
            } else {
                runtime.run_task(id);
            }
        }
        runtime.poll_io(idle);
        runtime.fire_timers();
    };
    CURRENT.with(|current| *current.borrow_mut() = None);
    output
}

impl Runtime {
    /// Asks epoll which sockets are ready and wakes their tasks. If the last turn found
    /// nothing to run (`idle`), it sleeps there until a socket is ready, the next
    /// deadline, or a wake from another thread; otherwise it only glances, and only
    /// every few turns.
    fn poll_io(&self, idle: bool) {
        let turns = self.turns.get() + 1;
        if !idle && turns < IO_EVERY_TURNS {
            self.turns.set(turns);
            return;
        }
        self.turns.set(0);
        let mut timeout = Some(Duration::ZERO);
        let mut asleep = false;
        if idle {
            // Say we are going to sleep, then look at the queue once more: a wake from
            // another thread (or a timer fired after the last turn) is either seen
            // here, or sees `asleep` and writes to the eventfd, which makes
            // `epoll_wait` return at once.
            self.ready.asleep.store(true, Ordering::SeqCst);
            if self.ready.len() == 0 {
                let until = self.timers.borrow().next_deadline();
                self.record(Step::Parked { until });
                timeout = self.clock.timeout(until);
                asleep = true;
            }
        }
        let woken = self.reactor.borrow_mut().wait(timeout);
        if idle {
            self.ready.asleep.store(false, Ordering::SeqCst);
        }
        if asleep {
            self.record(Step::Unparked);
        }
        trace::attribute(Cause::Io, || woken.into_iter().for_each(Waker::wake));
    }

    /// Wakes, earliest deadline first, every task whose timer is due.
    fn fire_timers(&self) {
        if self.timers.borrow().heap.is_empty() {
            return;
        }
        // Take the due wakers out first: waking them must not hold the heap borrowed.
        let due = self.timers.borrow_mut().due(self.clock.now());
        trace::attribute(Cause::Timer, || due.into_iter().for_each(Waker::wake));
    }

    /// Polls the spawned task `id`, if it still exists (a finished task may be woken by
    /// a stale waker: nothing to do then).
    fn run_task(&self, id: TaskId) {
        // Take the task out while it runs: it may spawn, which inserts into `tasks`.
        let Some(mut task) = self.tasks.borrow_mut().remove(&id) else {
            return;
        };
        if self
            .poll(&task.waker, task.future.as_mut(), &task.handle)
            .is_pending()
        {
            self.tasks.borrow_mut().insert(id, task);
        }
    }

    /// Polls one future with its task's waker, writing down the poll and its answer.
    fn poll<T>(
        &self,
        task: &TaskWaker,
        future: Pin<&mut dyn Future<Output = T>>,
        waker: &Waker,
    ) -> Poll<T> {
        // Clear "queued" *before* polling: a wake that arrives during the poll (from
        // the task itself, or from another thread) must queue the task again, or it
        // would be lost and the task would sleep for ever.
        task.queued.store(false, Ordering::Release);
        self.record(Step::Polled(task.id));
        let poll = trace::attribute(Cause::Task(task.id), || {
            future.poll(&mut Context::from_waker(waker))
        });
        self.record(match poll {
            Poll::Ready(_) => Step::Ready(task.id),
            Poll::Pending => Step::Pending(task.id),
        });
        poll
    }

    fn record(&self, step: Step) {
        if self.trace.is_on() {
            self.trace.record(self.clock.now(), step);
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: sleep
/// Reads the clock of the runtime running on this thread.
///
/// # Panics
/// Outside `block_on`.
pub fn now() -> Duration {
    with_runtime(|runtime| runtime.clock.now())
}

fn with_runtime<T>(f: impl FnOnce(&Runtime) -> T) -> T {
    CURRENT.with(|current| {
        let current = current.borrow();
        f(current.as_ref().expect("called outside block_on"))
    })
}

/// Waits until `duration` has passed on the runtime's clock, counted from now (not
/// from the first poll: tokio's `sleep` does the same).
///
/// # Panics
/// Outside `block_on`.
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: now() + duration,
        timer: None,
    }
}

pub struct Sleep {
    deadline: Duration,
    /// The number of this sleep's timer on the heap, once it is there.
    timer: Option<u64>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = self.deadline;
        // The clock decides, not the wake: a wake for another reason (or a stale
        // timer) must not end the sleep early.
        if now() >= deadline {
            return Poll::Ready(());
        }
        // Put the timer on the heap (again, if an earlier one was for another waker).
        let old = self.timer;
        let timer = with_runtime(|runtime| {
            let mut timers = runtime.timers.borrow_mut();
            if let Some(old) = old {
                timers.wakers.remove(&old);
            }
            timers.add(deadline, cx.waker().clone())
        });
        self.timer = Some(timer);
        Poll::Pending
    }
}

impl Drop for Sleep {
    /// A sleep dropped before its deadline (cancelled) takes its waker off the heap.
    fn drop(&mut self) {
        if let Some(timer) = self.timer {
            // After `block_on` returned, there is no runtime and nothing to clean up.
            let _ = CURRENT.try_with(|current| {
                if let Some(runtime) = current.borrow().as_ref() {
                    runtime.timers.borrow_mut().wakers.remove(&timer);
                }
            });
        }
    }
}
// ANCHOR_END: sleep

// ANCHOR: tcp
/// Registers a new socket with the reactor of the runtime on this thread.
fn register(source: &mut impl mio::event::Source) -> io::Result<Token> {
    with_runtime(|runtime| runtime.reactor.borrow_mut().register(source))
}

/// Runs `op` on a non-blocking socket until it stops saying `WouldBlock`: on
/// `WouldBlock` the task's waker goes to the reactor, and the task waits.
fn poll_io<T>(
    token: Token,
    direction: Direction,
    cx: &mut Context<'_>,
    mut op: impl FnMut() -> io::Result<T>,
) -> Poll<io::Result<T>> {
    match op() {
        Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
            with_runtime(|runtime| {
                runtime
                    .reactor
                    .borrow_mut()
                    .wait_for(token, direction, cx.waker());
            });
            Poll::Pending
        }
        // EINTR: nothing happened, try again at the next poll.
        Err(err) if err.kind() == io::ErrorKind::Interrupted => {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
        done => Poll::Ready(done),
    }
}

/// A TCP listener on the loop: `accept` suspends the task, not the thread.
pub struct TcpListener {
    inner: mio::net::TcpListener,
    token: Token,
}

impl TcpListener {
    /// Binds a listener (use `127.0.0.1:0` for a free port on this machine only).
    pub fn bind(addr: SocketAddr) -> io::Result<Self> {
        let mut inner = mio::net::TcpListener::bind(addr)?;
        let token = register(&mut inner)?;
        Ok(Self { inner, token })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }

    /// Waits for the next connection.
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let (stream, peer) =
            poll_fn(|cx| poll_io(self.token, Direction::Read, cx, || self.inner.accept())).await?;
        Ok((TcpStream::registered(stream)?, peer))
    }
}

impl Drop for TcpListener {
    fn drop(&mut self) {
        deregister(&mut self.inner, self.token);
    }
}

/// A TCP connection on the loop.
pub struct TcpStream {
    inner: mio::net::TcpStream,
    token: Token,
}

impl TcpStream {
    fn registered(mut inner: mio::net::TcpStream) -> io::Result<Self> {
        let token = register(&mut inner)?;
        Ok(Self { inner, token })
    }

    /// Connects to `addr`. The connect is started without blocking; the socket turns
    /// writable when the handshake is done (or has failed).
    pub async fn connect(addr: SocketAddr) -> io::Result<Self> {
        let stream = Self::registered(mio::net::TcpStream::connect(addr)?)?;
        poll_fn(|cx| {
            poll_io(stream.token, Direction::Write, cx, || {
                if let Some(err) = stream.inner.take_error()? {
                    return Err(err);
                }
                // Not connected yet reads as "would block": wait for writability.
                match stream.inner.peer_addr() {
                    Err(err) if err.kind() == io::ErrorKind::NotConnected => {
                        Err(io::ErrorKind::WouldBlock.into())
                    }
                    other => other.map(drop),
                }
            })
        })
        .await?;
        Ok(stream)
    }

    /// Reads what has arrived (at least one byte), or `0` at the end of the stream.
    pub async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let token = self.token;
        poll_fn(|cx| poll_io(token, Direction::Read, cx, || self.inner.read(buf))).await
    }

    /// Writes all of `buf`, waiting whenever the socket's send buffer is full.
    pub async fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        let token = self.token;
        while !buf.is_empty() {
            let n = poll_fn(|cx| poll_io(token, Direction::Write, cx, || self.inner.write(buf)))
                .await?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            buf = &buf[n..];
        }
        Ok(())
    }

    /// Sets `TCP_NODELAY` (send small writes at once: what a request-reply protocol
    /// wants).
    pub fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.inner.set_nodelay(on)
    }
}

impl Drop for TcpStream {
    fn drop(&mut self) {
        deregister(&mut self.inner, self.token);
    }
}

fn deregister(source: &mut impl mio::event::Source, token: Token) {
    // A socket dropped after `block_on` returned has no reactor to leave.
    let _ = CURRENT.try_with(|current| {
        if let Some(runtime) = current.borrow().as_ref() {
            runtime.reactor.borrow_mut().deregister(source, token);
        }
    });
}
// ANCHOR_END: tcp

// ANCHOR: yield_now
/// Lets the other ready tasks run before this one goes on: wakes its own task, so it is
/// queued again at the back, and returns `Pending` once.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: yield_now

#[cfg(test)]
mod tests {
    use super::*;

    fn manual<F: Future>(main: F) -> (F::Output, Trace) {
        let trace = Trace::on();
        let out = block_on_with(main, Clock::manual(), &trace);
        (out, trace)
    }

    #[test]
    fn timers_fire_in_deadline_order_and_never_early() {
        let (fired, _) = manual(async {
            let fired = Rc::new(RefCell::new(Vec::new()));
            let handles: Vec<_> = [300u64, 100, 200, 100]
                .into_iter()
                .enumerate()
                .map(|(i, ms)| {
                    let fired = Rc::clone(&fired);
                    spawn(async move {
                        sleep(Duration::from_millis(ms)).await;
                        fired.borrow_mut().push((i, now()));
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
            fired.take()
        });
        let ms = Duration::from_millis;
        assert_eq!(
            fired,
            [(1, ms(100)), (3, ms(100)), (2, ms(200)), (0, ms(300))]
        );
    }

    #[test]
    fn an_hour_of_manual_time_takes_no_real_time() {
        let started = Instant::now();
        let ((), trace) = manual(async { sleep(Duration::from_secs(3600)).await });
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(trace.polls_of(MAIN), 2);
        assert!(trace.entries().iter().any(|e| e.step
            == Step::Parked {
                until: Some(Duration::from_secs(3600))
            }));
        assert!(
            trace
                .entries()
                .iter()
                .any(|e| e.step == Step::Woken(MAIN, Cause::Timer))
        );
    }

    #[test]
    fn a_cancelled_sleep_leaves_no_waker_behind() {
        let (left, _) = manual(async {
            let long = sleep(Duration::from_secs(10));
            let mut long = Box::pin(long);
            // Poll it once so it registers, then drop it.
            std::future::poll_fn(|cx| {
                let _ = long.as_mut().poll(cx);
                Poll::Ready(())
            })
            .await;
            drop(long);
            with_runtime(|runtime| runtime.timers.borrow().wakers.len())
        });
        assert_eq!(left, 0);
    }

    #[test]
    fn the_real_clock_parks_until_the_deadline() {
        let trace = Trace::on();
        let started = Instant::now();
        block_on_with(
            async { sleep(Duration::from_millis(20)).await },
            Clock::real(),
            &trace,
        );
        assert!(started.elapsed() >= Duration::from_millis(20));
        // Two polls, however the parking went: no spinning.
        assert_eq!(trace.polls_of(MAIN), 2);
    }

    /// Echoes every connection until it closes.
    async fn echo_server(listener: TcpListener) {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            spawn(async move {
                let mut buf = [0; 1024];
                while let Ok(n @ 1..) = stream.read(&mut buf).await {
                    if stream.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
    }

    #[test]
    fn an_echo_server_and_many_clients_on_one_thread() {
        let trace = Trace::on();
        let (echoed, io_wakes) = {
            let trace = trace.clone();
            let echoed = block_on_with(
                async {
                    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
                    let addr = listener.local_addr().unwrap();
                    spawn(echo_server(listener));
                    let clients: Vec<_> = (0..50)
                        .map(|i| {
                            spawn(async move {
                                let mut stream = TcpStream::connect(addr).await.unwrap();
                                let mut got = Vec::new();
                                for round in 0..3 {
                                    let msg = format!("client {i} round {round}\n");
                                    stream.write_all(msg.as_bytes()).await.unwrap();
                                    let mut buf = vec![0; msg.len()];
                                    let mut filled = 0;
                                    while filled < msg.len() {
                                        filled += stream.read(&mut buf[filled..]).await.unwrap();
                                    }
                                    got.push(String::from_utf8(buf).unwrap());
                                }
                                got
                            })
                        })
                        .collect();
                    let mut echoed = 0;
                    for (i, client) in clients.into_iter().enumerate() {
                        let got = client.await;
                        assert_eq!(got[2], format!("client {i} round 2\n"));
                        echoed += got.len();
                    }
                    echoed
                },
                Clock::real(),
                &trace,
            );
            let io_wakes = trace
                .entries()
                .iter()
                .filter(|e| matches!(e.step, Step::Woken(_, Cause::Io)))
                .count();
            (echoed, io_wakes)
        };
        assert_eq!(echoed, 150);
        assert!(io_wakes > 0, "the reactor never woke a task");
        let threads: std::collections::HashSet<u64> =
            trace.entries().iter().map(|e| e.thread).collect();
        assert_eq!(threads.len(), 1, "all on one thread");
    }

    #[test]
    fn a_wake_from_another_thread_reaches_a_loop_asleep_in_epoll() {
        let trace = Trace::on();
        let done = crate::within(Duration::from_secs(10), move || {
            block_on_with(
                async {
                    let waker = std::future::poll_fn(|cx| Poll::Ready(cx.waker().clone())).await;
                    let mut first = true;
                    let helper = std::thread::spawn(move || {
                        std::thread::sleep(Duration::from_millis(20));
                        waker.wake();
                    });
                    std::future::poll_fn(|_| {
                        if std::mem::take(&mut first) {
                            Poll::Pending
                        } else {
                            Poll::Ready(())
                        }
                    })
                    .await;
                    helper.join().unwrap();
                },
                Clock::real(),
                &trace,
            );
        });
        assert!(done, "the loop slept through a wake from another thread");
    }

    #[test]
    fn reading_a_closed_connection_gives_zero() {
        let n = block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
            let addr = listener.local_addr().unwrap();
            let client = spawn(async move { drop(TcpStream::connect(addr).await.unwrap()) });
            let (mut server_side, _) = listener.accept().await.unwrap();
            client.await;
            server_side.read(&mut [0; 16]).await.unwrap()
        });
        assert_eq!(n, 0);
    }

    #[test]
    fn connecting_to_a_closed_port_fails() {
        let err = block_on(async {
            // Bind, learn the port, close: nothing listens there now.
            let addr = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap();
            TcpStream::connect(addr).await.err()
        });
        assert_eq!(
            err.map(|e| e.kind()),
            Some(io::ErrorKind::ConnectionRefused)
        );
    }

    #[test]
    fn yielding_tasks_take_turns() {
        let (order, _) = manual(async {
            let order = Rc::new(RefCell::new(Vec::new()));
            let handles: Vec<_> = ["a", "b"]
                .into_iter()
                .map(|name| {
                    let order = Rc::clone(&order);
                    spawn(async move {
                        for i in 1..=2 {
                            order.borrow_mut().push(format!("{name}{i}"));
                            yield_now().await;
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
            order.take()
        });
        assert_eq!(order, ["a1", "b1", "a2", "b2"]);
    }
}
