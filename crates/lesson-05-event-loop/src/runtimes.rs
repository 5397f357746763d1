//! The loop is pluggable: one small program, five runtimes.
//!
//! [`Runtime`] names the few things a program needs from an event loop (run a future,
//! spawn a task, sleep, TCP), and each runtime fills them in with its own types. The
//! programs ([`program`] and the benchmarks in [`bench`]) are written once, generic over
//! the runtime: only the loop underneath changes.
//!
//! - [`Ours`]: stage 4 of this lesson (one thread, timer heap, mio reactor);
//! - [`TokioCurrentThread`] and [`TokioMultiThread`] (2 workers);
//! - [`Smol`]: `smol::block_on` with `smol::spawn` (smol's global executor, whose
//!   thread count is `SMOL_THREADS`, 1 by default);
//! - [`AsyncStd`]: async-std is **deprecated upstream in favour of smol** (the crate's
//!   own description says so, as of 1.13.2); it is here only for this comparison.
//!
//! Every future a program hands to `spawn` must be `Send`: tokio's multi-thread
//! runtime, smol and async-std may run it on another thread. Our loop does not need
//! that, but the program is written once for all of them.

use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};
use std::time::{Duration, Instant};

use crate::s4_reactor;

// ANCHOR: trait
/// What a program needs from an event loop.
pub trait Runtime: 'static {
    const NAME: &'static str;
    type Listener: Send + Sync + 'static;
    type Stream: Send + 'static;

    /// Builds a fresh runtime and runs `future` to completion on it.
    fn block_on<F: Future>(future: F) -> F::Output;

    /// Starts a task; the returned future gives its output.
    fn spawn<F>(future: F) -> impl Future<Output = F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static;

    fn sleep(duration: Duration) -> impl Future<Output = ()> + Send + 'static;

    fn bind(addr: SocketAddr) -> impl Future<Output = io::Result<Self::Listener>> + Send;
    fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr>;
    fn accept(
        listener: &Self::Listener,
    ) -> impl Future<Output = io::Result<Self::Stream>> + Send + '_;
    fn connect(addr: SocketAddr)
    -> impl Future<Output = io::Result<Self::Stream>> + Send + 'static;
    fn read<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a mut [u8],
    ) -> impl Future<Output = io::Result<usize>> + Send + 'a;
    fn write_all<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a [u8],
    ) -> impl Future<Output = io::Result<()>> + Send + 'a;
}
// ANCHOR_END: trait

// ANCHOR: ours
/// Stage 4 of this lesson.
pub struct Ours;

impl Runtime for Ours {
    const NAME: &'static str = "ours (stage 4)";
    type Listener = s4_reactor::TcpListener;
    type Stream = s4_reactor::TcpStream;

    fn block_on<F: Future>(future: F) -> F::Output {
        s4_reactor::block_on(future)
    }

    fn spawn<F>(future: F) -> impl Future<Output = F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        s4_reactor::spawn(future)
    }

    fn sleep(duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        s4_reactor::sleep(duration)
    }

    async fn bind(addr: SocketAddr) -> io::Result<Self::Listener> {
        s4_reactor::TcpListener::bind(addr)
    }

    fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr> {
        listener.local_addr()
    }

    async fn accept(listener: &Self::Listener) -> io::Result<Self::Stream> {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    async fn connect(addr: SocketAddr) -> io::Result<Self::Stream> {
        let stream = s4_reactor::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    fn read<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a mut [u8],
    ) -> impl Future<Output = io::Result<usize>> + Send + 'a {
        stream.read(buf)
    }

    fn write_all<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a [u8],
    ) -> impl Future<Output = io::Result<()>> + Send + 'a {
        stream.write_all(buf)
    }
}
// ANCHOR_END: ours

/// tokio's runtimes differ only in how they are built.
macro_rules! tokio_runtime {
    ($name:ident, $label:literal, $builder:expr) => {
        pub struct $name;

        impl Runtime for $name {
            const NAME: &'static str = $label;
            type Listener = tokio::net::TcpListener;
            type Stream = tokio::net::TcpStream;

            fn block_on<F: Future>(future: F) -> F::Output {
                $builder
                    .enable_all()
                    .build()
                    // Only fails when the OS refuses threads or an epoll instance.
                    .expect("cannot build a tokio runtime")
                    .block_on(future)
            }

            fn spawn<F>(future: F) -> impl Future<Output = F::Output>
            where
                F: Future + Send + 'static,
                F::Output: Send + 'static,
            {
                // Spawned now (tokio starts the task at once), awaited later.
                let handle = tokio::spawn(future);
                async move { handle.await.expect("a task of the program panicked") }
            }

            fn sleep(duration: Duration) -> impl Future<Output = ()> + Send + 'static {
                tokio::time::sleep(duration)
            }

            async fn bind(addr: SocketAddr) -> io::Result<Self::Listener> {
                tokio::net::TcpListener::bind(addr).await
            }

            fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr> {
                listener.local_addr()
            }

            async fn accept(listener: &Self::Listener) -> io::Result<Self::Stream> {
                let (stream, _) = listener.accept().await?;
                stream.set_nodelay(true)?;
                Ok(stream)
            }

            async fn connect(addr: SocketAddr) -> io::Result<Self::Stream> {
                let stream = tokio::net::TcpStream::connect(addr).await?;
                stream.set_nodelay(true)?;
                Ok(stream)
            }

            fn read<'a>(
                stream: &'a mut Self::Stream,
                buf: &'a mut [u8],
            ) -> impl Future<Output = io::Result<usize>> + Send + 'a {
                tokio::io::AsyncReadExt::read(stream, buf)
            }

            fn write_all<'a>(
                stream: &'a mut Self::Stream,
                buf: &'a [u8],
            ) -> impl Future<Output = io::Result<()>> + Send + 'a {
                tokio::io::AsyncWriteExt::write_all(stream, buf)
            }
        }
    };
}

tokio_runtime!(
    TokioCurrentThread,
    "tokio current_thread",
    tokio::runtime::Builder::new_current_thread()
);
tokio_runtime!(
    TokioMultiThread,
    "tokio multi_thread (2 workers)",
    tokio::runtime::Builder::new_multi_thread().worker_threads(2)
);

/// smol and async-std share their IO traits (futures-io), so their impls differ only in
/// names.
macro_rules! futures_io_runtime {
    ($name:ident, $label:literal, block_on: $block_on:path, spawn: $spawn:path,
     sleep: $sleep:expr, net: $net:path) => {
        pub struct $name;

        impl Runtime for $name {
            const NAME: &'static str = $label;
            type Listener = <$net as NetTypes>::Listener;
            type Stream = <$net as NetTypes>::Stream;

            fn block_on<F: Future>(future: F) -> F::Output {
                $block_on(future)
            }

            fn spawn<F>(future: F) -> impl Future<Output = F::Output>
            where
                F: Future + Send + 'static,
                F::Output: Send + 'static,
            {
                $spawn(future)
            }

            fn sleep(duration: Duration) -> impl Future<Output = ()> + Send + 'static {
                $sleep(duration)
            }

            async fn bind(addr: SocketAddr) -> io::Result<Self::Listener> {
                Self::Listener::bind(addr).await
            }

            fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr> {
                listener.local_addr()
            }

            async fn accept(listener: &Self::Listener) -> io::Result<Self::Stream> {
                let (stream, _) = listener.accept().await?;
                stream.set_nodelay(true)?;
                Ok(stream)
            }

            async fn connect(addr: SocketAddr) -> io::Result<Self::Stream> {
                let stream = Self::Stream::connect(addr).await?;
                stream.set_nodelay(true)?;
                Ok(stream)
            }

            fn read<'a>(
                stream: &'a mut Self::Stream,
                buf: &'a mut [u8],
            ) -> impl Future<Output = io::Result<usize>> + Send + 'a {
                futures::AsyncReadExt::read(stream, buf)
            }

            fn write_all<'a>(
                stream: &'a mut Self::Stream,
                buf: &'a [u8],
            ) -> impl Future<Output = io::Result<()>> + Send + 'a {
                futures::AsyncWriteExt::write_all(stream, buf)
            }
        }
    };
}

/// The listener and stream types of a futures-io runtime.
pub trait NetTypes {
    type Listener;
    type Stream;
}

pub struct SmolNet;
impl NetTypes for SmolNet {
    type Listener = smol::net::TcpListener;
    type Stream = smol::net::TcpStream;
}

pub struct AsyncStdNet;
impl NetTypes for AsyncStdNet {
    type Listener = async_std::net::TcpListener;
    type Stream = async_std::net::TcpStream;
}

/// smol's `Timer` yields the instant it fired; the program wants `()`.
async fn smol_sleep(duration: Duration) {
    smol::Timer::after(duration).await;
}

futures_io_runtime!(
    Smol,
    "smol",
    block_on: smol::block_on,
    spawn: smol::spawn,
    sleep: smol_sleep,
    net: SmolNet
);
futures_io_runtime!(
    AsyncStd,
    "async-std (deprecated)",
    block_on: async_std::task::block_on,
    spawn: async_std::task::spawn,
    sleep: async_std::task::sleep,
    net: AsyncStdNet
);

// ANCHOR: program
/// What [`program`] did, to check every runtime did the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The sum of the many tasks' outputs.
    pub sum: u64,
    /// Bytes echoed back to the clients.
    pub echoed: usize,
}

/// The small program: many tasks that sleep a little and return a number, and a TCP
/// echo server on 127.0.0.1 with clients that each do a few round trips, all at once.
pub async fn program<R: Runtime>(tasks: u64, clients: usize, rounds: usize) -> Outcome {
    let listener = R::bind(localhost()).await.expect("bind 127.0.0.1:0");
    let addr = R::local_addr(&listener).expect("a bound listener has an address");
    let work = async move {
        let sleepers: Vec<_> = (0..tasks)
            .map(|i| {
                R::spawn(async move {
                    R::sleep(Duration::from_millis(i % 10)).await;
                    i
                })
            })
            .collect();
        let echoers: Vec<_> = (0..clients)
            .map(|_| R::spawn(echo_client::<R>(addr, rounds, 64)))
            .collect();
        let mut sum = 0;
        for sleeper in sleepers {
            sum += sleeper.await;
        }
        let mut echoed = 0;
        for echoer in echoers {
            echoed += echoer.await.expect("an echo client failed");
        }
        Outcome { sum, echoed }
    };
    // The server runs inside `main`'s future, beside the rest (it awaits its handlers'
    // join handles, which need not be `Send`); each connection is a task of its own.
    let ((), outcome) = futures::future::join(echo_server::<R>(listener, clients), work).await;
    outcome
}

/// Accepts `connections` connections and echoes each (in a task of its own) until its
/// client closes it.
pub async fn echo_server<R: Runtime>(listener: R::Listener, connections: usize) {
    let mut handlers = Vec::with_capacity(connections);
    for _ in 0..connections {
        let Ok(mut stream) = R::accept(&listener).await else {
            break;
        };
        handlers.push(R::spawn(async move {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = R::read(&mut stream, &mut buf).await {
                if R::write_all(&mut stream, &buf[..n]).await.is_err() {
                    break;
                }
            }
        }));
    }
    for handler in handlers {
        handler.await;
    }
}

/// Connects, then `rounds` times sends `size` bytes and reads them back; returns the
/// bytes echoed.
pub async fn echo_client<R: Runtime>(
    addr: SocketAddr,
    rounds: usize,
    size: usize,
) -> io::Result<usize> {
    let mut stream = R::connect(addr).await?;
    let message = vec![b'x'; size];
    let mut back = vec![0; size];
    for _ in 0..rounds {
        R::write_all(&mut stream, &message).await?;
        let mut filled = 0;
        while filled < size {
            match R::read(&mut stream, &mut back[filled..]).await? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => filled += n,
            }
        }
    }
    Ok(rounds * size)
}
// ANCHOR_END: program

/// 127.0.0.1 with a port the OS picks: the course's servers never listen beyond this
/// machine.
pub fn localhost() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The micro-benchmarks, each timed inside `block_on` (building the runtime is not
/// counted).
pub mod bench {
    use super::*;

    // ANCHOR: bench
    /// Spawns `n` tasks that return at once, and awaits them all.
    pub async fn spawn_many<R: Runtime>(n: usize) -> Duration {
        let start = Instant::now();
        let handles: Vec<_> = (0..n).map(|i| R::spawn(async move { i })).collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await;
        }
        assert_eq!(sum, n * (n - 1) / 2, "every task ran once");
        start.elapsed()
    }

    /// Two tasks hand a baton back and forth `rounds` times: each hand-off is one wake
    /// and one poll of the other task.
    pub async fn ping_pong<R: Runtime>(rounds: usize) -> Duration {
        let baton = Arc::new(Baton::default());
        let start = Instant::now();
        let players: Vec<_> = (0..2)
            .map(|me| {
                let baton = Arc::clone(&baton);
                R::spawn(async move {
                    for _ in 0..rounds {
                        baton.wait_for_turn(me).await;
                        baton.pass(me);
                    }
                })
            })
            .collect();
        for player in players {
            player.await;
        }
        start.elapsed()
    }

    /// `n` tasks each sleep 1 to 10 ms and all are awaited: the sleeps themselves take
    /// about 10 ms, the rest is the cost of setting and firing `n` timers.
    pub async fn timers<R: Runtime>(n: usize) -> Duration {
        let start = Instant::now();
        let sleepers: Vec<_> = (0..n)
            .map(|i| R::spawn(R::sleep(Duration::from_millis(1 + (i % 10) as u64))))
            .collect();
        for sleeper in sleepers {
            sleeper.await;
        }
        start.elapsed()
    }

    /// `clients` connections each do `rounds` round trips of 64 bytes through an echo
    /// server on the same runtime; returns the whole time.
    pub async fn echo<R: Runtime>(clients: usize, rounds: usize) -> Duration {
        let listener = R::bind(localhost()).await.expect("bind 127.0.0.1:0");
        let addr = R::local_addr(&listener).expect("a bound listener has an address");
        let start = Instant::now();
        let clients_done = async {
            let echoers: Vec<_> = (0..clients)
                .map(|_| R::spawn(echo_client::<R>(addr, rounds, 64)))
                .collect();
            for echoer in echoers {
                echoer.await.expect("an echo client failed");
            }
        };
        futures::future::join(echo_server::<R>(listener, clients), clients_done).await;
        start.elapsed()
    }
    // ANCHOR_END: bench

    /// Whose turn it is, and the waker of the player waiting for it.
    #[derive(Default)]
    pub struct Baton {
        state: Mutex<(usize, [Option<Waker>; 2])>,
    }

    impl Baton {
        async fn wait_for_turn(&self, me: usize) {
            poll_fn(|cx| {
                let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                if state.0 == me {
                    Poll::Ready(())
                } else {
                    state.1[me] = Some(cx.waker().clone());
                    Poll::Pending
                }
            })
            .await;
        }

        fn pass(&self, me: usize) {
            let other = 1 - me;
            let waiting = {
                let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                state.0 = other;
                state.1[other].take()
            };
            if let Some(waker) = waiting {
                waker.wake();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<R: Runtime>() {
        let outcome = R::block_on(program::<R>(200, 20, 5));
        assert_eq!(
            outcome,
            Outcome {
                sum: 199 * 200 / 2,
                echoed: 20 * 5 * 64
            },
            "{}",
            R::NAME
        );
        R::block_on(bench::ping_pong::<R>(1000));
        R::block_on(bench::spawn_many::<R>(1000));
    }

    #[test]
    fn the_program_gives_the_same_outcome_on_every_runtime() {
        check::<Ours>();
        check::<TokioCurrentThread>();
        check::<TokioMultiThread>();
        check::<Smol>();
        check::<AsyncStd>();
    }
}
