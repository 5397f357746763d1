//! The course's local HTTP test server: slow answers, downloads, test images, uploads,
//! injected faults, and counters a test can read.
//!
//! The lessons on HTTP (sequential vs parallel vs concurrent calls, the thumbnail maker)
//! need a web service that is slow in a known way, fails when told to, and can say how
//! many requests it was handling at once. A public service is none of that, and the
//! course runs offline, so this crate is that service, on `127.0.0.1` only.
//!
//! # How lessons use it
//!
//! In-process, on a free port, inside async code:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> anyhow::Result<()> {
//! use delay_server::{Config, DelayServer};
//!
//! let server = DelayServer::start(Config::default()).await?;
//! let url = server.url("/delay/10"); // http://127.0.0.1:PORT/delay/10
//! # let _ = url;
//! // ... fire requests at `url` ...
//! let stats = server.stats();
//! println!("{} requests, at most {} at once", stats.requests, stats.max_in_flight);
//! server.shutdown().await?; // or just drop it
//! # Ok(())
//! # }
//! ```
//!
//! From plain threads (no runtime of your own), the server gets its own thread:
//!
//! ```
//! use delay_server::{Config, DelayServer};
//!
//! let server = DelayServer::start_blocking(Config::default())?;
//! println!("listening on {}", server.addr());
//! server.shutdown()?; // or just drop it
//! # Ok::<(), delay_server::ServerError>(())
//! ```
//!
//! As a program: `cargo run -p delay-server -- --port 8080` prints its URL and endpoints
//! and stops on `Ctrl-C`; `cargo run --release -p delay-server -- bench` measures how much
//! latency the server adds under a thousand concurrent requests.
//!
//! # Capacity
//!
//! A thousand concurrent `/delay/100` requests, all in flight at once, come back with
//! 6.6 to 7.2 ms added at the median (p99 13 to 14 ms) on one server thread, measured
//! with that `bench` command on 2 cores of an AMD EPYC virtual machine (Linux, Rust 1.95,
//! load average 0.5). The target is under 10 ms; `src/bin/delay-server/bench.rs` has
//! the details. A lesson's own timings at that scale measure the client, not this server.
//!
//! # Endpoints
//!
//! Every bad value gets a `400` with a short lower-case plain-text body that names the
//! parameter (`'w' is 99999, over the limit of 4096`); unknown query parameters are
//! refused too, so a typo never passes silently.
//!
//! - `GET /delay/{ms}?jitter=MS`: waits `ms` milliseconds, plus a repeatable
//!   pseudo-random jitter from 0 to `MS`, then answers `waited N ms` (and the header
//!   `x-waited-ms: N`). Delay plus jitter is at most [`Config::max_delay`] (60 s).
//!   `curl http://127.0.0.1:8080/delay/250?jitter=50`
//! - `GET /bytes/{n}`: `n` filler bytes, at most [`Config::max_bytes`] (64 MiB).
//!   `curl -o /dev/null http://127.0.0.1:8080/bytes/1048576`
//! - `GET /image/{id}.png?w=W&h=H` (or `.jpg`): a generated picture, the same for the same
//!   id (see [`images::test_image`]); 640 × 480 unless `w`/`h` say otherwise, each side at
//!   most [`Config::max_image_side`] (4096). Pictures are CPU work: at most
//!   [`Config::max_encodes`] are made at once (the number of cores), the others wait for
//!   a turn and answer `503` ("busy: …") after [`Config::max_encode_wait`] (10 s).
//!   `curl -o 7.png 'http://127.0.0.1:8080/image/7.png?w=320&h=200'`
//! - `POST /upload` or `PUT /upload/{name}`: reads the body (at most
//!   [`Config::max_upload`], else `413`), counts it, and answers a JSON [`Receipt`]:
//!   `{"number":1,"name":"a.png","bytes":5,"fnv1a":"…"}`.
//!   `curl -X PUT --data-binary @7.png http://127.0.0.1:8080/upload/7.png`
//! - `GET /stats`: the counters as JSON ([`Stats`]); `POST /stats/reset` zeroes them.
//!   `curl http://127.0.0.1:8080/stats`
//! - `GET /`: this list, in short.
//!
//! # Faults
//!
//! `/delay`, `/bytes`, `/image` and `/upload` inject faults when asked, either for every
//! request by [`Config::faults`] (the binary's `--fail`, `--drop`, `--stall`), or for one
//! request by a query parameter, which wins over the config:
//!
//! - `?fail=P`: a share `P` of the requests answer `500`.
//!   `curl -i 'http://127.0.0.1:8080/delay/10?fail=0.5'`
//! - `?drop=P`: the connection closes with no complete response (the client sees an error).
//! - `?stall=P`: no answer at all until [`Config::max_stall`] (30 s) or shutdown, then the
//!   connection closes; a client without a timeout waits that long.
//!
//! Which requests get a fault is not left to chance: request `k` of a route gets a fault
//! of share `p` when `floor(k·p) > floor((k−1)·p)`, so `fail=0.25` fails requests 4, 8,
//! 12, …, and after [`Endpoint::reset_stats`] the first `n` requests hold exactly
//! `floor(n·p)` faults. The [`faults`] module has the details.
//!
//! That exactness is per kind, and holds only while the kinds do not collide: a request
//! gets one fault at most, the strongest that fires (stall, then drop, then fail). So
//! `fail=0.5&drop=0.5` fires both kinds on the same requests 2, 4, 6, …, all of them are
//! dropped, and **no** request answers `500`. Ask for one kind at a time when a test
//! counts a kind.
//!
//! # Counters
//!
//! [`Stats`] counts requests (in total and per route), rejected requests, each kind of
//! injected fault, uploads and their bytes, busy image requests, and the requests **in
//! flight**: the current number and the high-water mark. A guard counts a request in
//! when its handler starts and out when the last byte of its answer has been handed to
//! the connection (a 64 MiB `/bytes` download stays in flight until it is sent), or
//! when the client hangs up, whichever comes first. So a test can prove "never more than
//! 10 downloads at once" (`max_in_flight <= 10`) or "all 100 at once"
//! (`max_in_flight == 100`).

mod config;
pub mod faults;
pub mod images;
mod mix;
mod params;
mod reply;
mod routes;
mod server;
mod state;
mod stats;

pub use config::{Config, LOOPBACK};
pub use faults::{Fault, Faults, Share, ShareError};
pub use mix::fnv1a;
pub use routes::{ENDPOINTS, Receipt};
pub use server::{DelayServer, Endpoint, ServerError, ServerThread};
pub use stats::{RouteCounts, Stats};
