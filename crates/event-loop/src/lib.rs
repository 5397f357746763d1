//! A compact single-threaded event loop: lesson 05's design, condensed into one file so
//! that other lessons can measure it beside tokio, smol and async-std.
//!
//! Lesson 05 builds this loop in five stages, each a file of its own with its own tests
//! and a trace of every turn (`crates/lesson-05-event-loop/src/s4_reactor.rs` is the
//! finished single-threaded one). Lessons do not depend on each other, so this crate
//! keeps the same parts without the trace and the teaching scaffolding:
//!
//! - a run queue of task numbers, filled by wakers ([`std::task::Wake`]) that may be
//!   called from any thread;
//! - a timer heap: [`sleep`] registers a deadline, the loop wakes the task when it passes;
//! - a reactor: sockets are non-blocking and registered with a mio `Poll` (epoll on
//!   Linux); a socket operation that would block leaves its waker there, and when
//!   nothing is ready the loop sleeps in `epoll_wait` until a socket is ready, the next
//!   timer is due, or another thread wakes a task (through a mio `Waker`, an eventfd).
//!
//! ```
//! use std::time::Duration;
//!
//! let answer = event_loop::block_on(async {
//!     let task = event_loop::spawn(async {
//!         event_loop::sleep(Duration::from_millis(5)).await;
//!         21
//!     });
//!     task.await * 2
//! });
//! assert_eq!(answer, 42);
//! ```

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::{Future, poll_fn};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Token};

/// The number of the `block_on` future itself in the run queue.
const MAIN: usize = 0;
/// The reactor's token for the cross-thread waker.
const WAKE_TOKEN: Token = Token(usize::MAX);

/// A spawned task's future, its output already delivered to its [`JoinHandle`].
type BoxedTask = Pin<Box<dyn Future<Output = ()>>>;

/// Where a task's output waits for its [`JoinHandle`], with the waker of whoever awaits it.
type Slot<T> = Rc<RefCell<(Option<T>, Option<Waker>)>>;

/// What a waker touches: shared with other threads, so behind a lock.
struct Shared {
    ready: Mutex<VecDeque<usize>>,
    /// True while the loop sleeps in `epoll_wait`: only then must a wake break it.
    sleeping: AtomicBool,
    wake: mio::Waker,
}

/// The loop's state, owned by its one thread.
struct Runtime {
    shared: Arc<Shared>,
    tasks: RefCell<HashMap<usize, BoxedTask>>,
    next_task: Cell<usize>,
    timers: RefCell<BinaryHeap<Reverse<(Instant, u64)>>>,
    timer_wakers: RefCell<HashMap<u64, Waker>>,
    next_timer: Cell<u64>,
    poll: RefCell<mio::Poll>,
    /// For each socket, the wakers of the tasks waiting to read and to write it.
    waiting: RefCell<HashMap<Token, [Option<Waker>; 2]>>,
    next_token: Cell<usize>,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}

fn current() -> Rc<Runtime> {
    CURRENT.with(|rt| {
        rt.borrow()
            .clone()
            .expect("event_loop: called outside event_loop::block_on")
    })
}

/// A task's waker: queues the task's number, and breaks the loop's sleep if it sleeps.
struct TaskWaker {
    task: usize,
    shared: Arc<Shared>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        lock(&self.shared.ready).push_back(self.task);
        if self.shared.sleeping.load(Ordering::SeqCst) {
            // Best effort: if the eventfd write fails the loop still wakes at its next
            // timer; there is nothing better a waker could do with the error.
            let _ = self.shared.wake.wake();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `main` to completion on this thread, with every task it spawns.
///
/// Tasks still unfinished when `main` returns are dropped with the loop.
pub fn block_on<F: Future>(main: F) -> F::Output {
    let poll = mio::Poll::new().expect("event_loop: cannot create an epoll instance");
    let wake =
        mio::Waker::new(poll.registry(), WAKE_TOKEN).expect("event_loop: cannot create an eventfd");
    let shared = Arc::new(Shared {
        ready: Mutex::new(VecDeque::from([MAIN])),
        sleeping: AtomicBool::new(false),
        wake,
    });
    let rt = Rc::new(Runtime {
        shared: Arc::clone(&shared),
        tasks: RefCell::default(),
        next_task: Cell::new(MAIN + 1),
        timers: RefCell::default(),
        timer_wakers: RefCell::default(),
        next_timer: Cell::new(0),
        poll: RefCell::new(poll),
        waiting: RefCell::default(),
        next_token: Cell::new(0),
    });
    CURRENT.with(|c| *c.borrow_mut() = Some(Rc::clone(&rt)));
    let output = run(&rt, main);
    // Drop the tasks (they may hold sockets that deregister themselves) while the
    // runtime is still reachable, then forget it.
    let tasks = std::mem::take(&mut *rt.tasks.borrow_mut());
    drop(tasks);
    CURRENT.with(|c| *c.borrow_mut() = None);
    output
}

// ANCHOR: turn
fn run<F: Future>(rt: &Runtime, main: F) -> F::Output {
    let mut main = std::pin::pin!(main);
    let main_waker = Waker::from(Arc::new(TaskWaker {
        task: MAIN,
        shared: Arc::clone(&rt.shared),
    }));
    let mut events = Events::with_capacity(1024);
    loop {
        // 1. Poll every ready task, the main future included.
        let ready: Vec<usize> = lock(&rt.shared.ready).drain(..).collect();
        for task in ready {
            if task == MAIN {
                if let Poll::Ready(output) =
                    main.as_mut().poll(&mut Context::from_waker(&main_waker))
                {
                    return output;
                }
                continue;
            }
            // Take the task out while it runs, so it may spawn others.
            let Some(mut future) = rt.tasks.borrow_mut().remove(&task) else {
                continue; // Finished already: a late wake.
            };
            let waker = Waker::from(Arc::new(TaskWaker {
                task,
                shared: Arc::clone(&rt.shared),
            }));
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
            {
                rt.tasks.borrow_mut().insert(task, future);
            }
        }
        // 2. Wake the tasks whose timers are due.
        let now = Instant::now();
        let mut next_deadline = None;
        loop {
            let mut timers = rt.timers.borrow_mut();
            match timers.peek() {
                Some(Reverse((deadline, id))) if *deadline <= now => {
                    let id = *id;
                    timers.pop();
                    drop(timers);
                    if let Some(waker) = rt.timer_wakers.borrow_mut().remove(&id) {
                        waker.wake();
                    }
                }
                Some(Reverse((deadline, _))) => {
                    next_deadline = Some(*deadline);
                    break;
                }
                None => break,
            }
        }
        // 3. Sleep in epoll until a socket is ready, the next timer is due, or another
        //    thread wakes a task; or just look at the sockets if tasks are ready.
        rt.shared.sleeping.store(true, Ordering::SeqCst);
        let timeout = if !lock(&rt.shared.ready).is_empty() {
            Some(Duration::ZERO)
        } else {
            next_deadline.map(|d| d.saturating_duration_since(Instant::now()))
        };
        let polled = rt.poll.borrow_mut().poll(&mut events, timeout);
        rt.shared.sleeping.store(false, Ordering::SeqCst);
        if let Err(err) = polled {
            assert_eq!(
                err.kind(),
                io::ErrorKind::Interrupted,
                "event_loop: epoll failed: {err}"
            );
        }
        let mut waiting = rt.waiting.borrow_mut();
        for event in &events {
            if let Some(wakers) = waiting.get_mut(&event.token()) {
                if (event.is_readable() || event.is_read_closed() || event.is_error())
                    && let Some(waker) = wakers[0].take()
                {
                    waker.wake();
                }
                if (event.is_writable() || event.is_write_closed() || event.is_error())
                    && let Some(waker) = wakers[1].take()
                {
                    waker.wake();
                }
            }
        }
    }
}
// ANCHOR_END: turn

/// A spawned task's result, to be awaited.
pub struct JoinHandle<T> {
    slot: Slot<T>,
}

/// Starts `future` as a task of the current loop.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let rt = current();
    let slot: Slot<F::Output> = Rc::new(RefCell::new((None, None)));
    let filled = Rc::clone(&slot);
    let task = rt.next_task.get();
    rt.next_task.set(task + 1);
    rt.tasks.borrow_mut().insert(
        task,
        Box::pin(async move {
            let output = future.await;
            let mut slot = filled.borrow_mut();
            slot.0 = Some(output);
            if let Some(waker) = slot.1.take() {
                waker.wake();
            }
        }),
    );
    lock(&rt.shared.ready).push_back(task);
    JoinHandle { slot }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.slot.borrow_mut();
        match slot.0.take() {
            Some(output) => Poll::Ready(output),
            None => {
                slot.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// Waits `duration` (counted from the call, as tokio's `sleep` does).
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + duration,
        timer: None,
    }
}

/// The future of [`sleep`].
pub struct Sleep {
    deadline: Instant,
    timer: Option<u64>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            return Poll::Ready(());
        }
        let rt = current();
        let deadline = self.deadline;
        let id = *self.timer.get_or_insert_with(|| {
            let id = rt.next_timer.get();
            rt.next_timer.set(id + 1);
            rt.timers.borrow_mut().push(Reverse((deadline, id)));
            id
        });
        rt.timer_wakers.borrow_mut().insert(id, cx.waker().clone());
        Poll::Pending
    }
}

/// A non-blocking TCP stream registered with the loop's reactor.
pub struct TcpStream {
    socket: mio::net::TcpStream,
    token: Token,
}

impl TcpStream {
    /// Connects to `addr`, waiting in the reactor (not in the kernel) for the handshake.
    pub async fn connect(addr: SocketAddr) -> io::Result<Self> {
        let rt = current();
        let mut socket = mio::net::TcpStream::connect(addr)?;
        let token = Token(rt.next_token.get());
        rt.next_token.set(token.0 + 1);
        rt.poll.borrow().registry().register(
            &mut socket,
            token,
            Interest::READABLE | Interest::WRITABLE,
        )?;
        rt.waiting.borrow_mut().insert(token, [None, None]);
        let stream = Self { socket, token };
        // A non-blocking connect is done when the socket becomes writable; then either
        // it has an error or it has a peer.
        poll_fn(|cx| match stream.socket.peer_addr() {
            Ok(_) => Poll::Ready(Ok(())),
            Err(err) if err.kind() == io::ErrorKind::NotConnected => {
                if let Some(err) = stream.socket.take_error()? {
                    return Poll::Ready(Err(err));
                }
                stream.park(1, cx);
                Poll::Pending
            }
            Err(err) => Poll::Ready(Err(err)),
        })
        .await?;
        Ok(stream)
    }

    /// Reads into `buf`; 0 means the peer closed the connection.
    pub async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        poll_fn(|cx| match self.socket.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                self.park(0, cx);
                Poll::Pending
            }
            other => Poll::Ready(other),
        })
        .await
    }

    /// Writes all of `buf`.
    pub async fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let n = poll_fn(|cx| match self.socket.write(buf) {
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                    self.park(1, cx);
                    Poll::Pending
                }
                other => Poll::Ready(other),
            })
            .await?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            buf = &buf[n..];
        }
        Ok(())
    }

    /// Leaves this task's waker with the reactor: 0 for reading, 1 for writing.
    fn park(&self, direction: usize, cx: &Context<'_>) {
        if let Some(wakers) = current().waiting.borrow_mut().get_mut(&self.token) {
            wakers[direction] = Some(cx.waker().clone());
        }
    }
}

impl Drop for TcpStream {
    fn drop(&mut self) {
        // The loop may already be gone (a stream kept past `block_on`): then there is
        // nothing to deregister from.
        let rt = CURRENT.with(|c| c.borrow().clone());
        if let Some(rt) = rt {
            rt.waiting.borrow_mut().remove(&self.token);
            let _ = rt.poll.borrow().registry().deregister(&mut self.socket);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};
    use std::net::TcpListener;

    use super::*;

    #[test]
    fn timers_overlap_and_fire_in_deadline_order() {
        let order = Rc::new(RefCell::new(Vec::new()));
        let started = Instant::now();
        block_on({
            let order = Rc::clone(&order);
            async move {
                let handles: Vec<_> = [30_u64, 10, 20]
                    .into_iter()
                    .map(|ms| {
                        let order = Rc::clone(&order);
                        spawn(async move {
                            sleep(Duration::from_millis(ms)).await;
                            order.borrow_mut().push(ms);
                        })
                    })
                    .collect();
                for handle in handles {
                    handle.await;
                }
            }
        });
        assert_eq!(
            *order.borrow(),
            [10, 20, 30],
            "timers fire in deadline order"
        );
        // Overlapped: about 30 ms, far under the 60 ms of waits in turn (a generous
        // bound that a loaded machine still meets; this is not a speed test).
        assert!(started.elapsed() < Duration::from_secs(5), "the loop hung");
    }

    #[test]
    fn a_wake_from_another_thread_breaks_the_sleep() {
        let got = block_on(async {
            let slot: Arc<Mutex<(Option<u32>, Option<Waker>)>> = Arc::default();
            let other = Arc::clone(&slot);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                let mut s = lock(&other);
                s.0 = Some(7);
                if let Some(w) = s.1.take() {
                    w.wake();
                }
            });
            poll_fn(|cx| {
                let mut s = lock(&slot);
                match s.0.take() {
                    Some(v) => Poll::Ready(v),
                    None => {
                        s.1 = Some(cx.waker().clone());
                        Poll::Pending
                    }
                }
            })
            .await
        });
        assert_eq!(got, 7);
    }

    #[test]
    fn a_stream_talks_to_a_blocking_server() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut buf = [0; 5];
            conn.read_exact(&mut buf).unwrap();
            conn.write_all(b"pong!").unwrap();
        });
        let reply = block_on(async move {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            stream.write_all(b"ping!").await.unwrap();
            let mut reply = Vec::new();
            let mut buf = [0; 64];
            loop {
                let n = stream.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                reply.extend_from_slice(&buf[..n]);
            }
            reply
        });
        server.join().unwrap();
        assert_eq!(reply, b"pong!");
    }
}
