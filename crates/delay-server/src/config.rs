//! What the server listens on, what it allows, and which faults it injects by default.

use std::net::{Ipv4Addr, SocketAddr};
use std::thread;
use std::time::Duration;

use crate::faults::Faults;

/// The one address the server binds: loopback. It is a teaching tool, never a public server.
pub const LOOPBACK: Ipv4Addr = Ipv4Addr::LOCALHOST;

/// The server's settings. Start from [`Config::default`] and change what you need:
///
/// ```
/// use std::time::Duration;
/// use delay_server::{Config, Faults, Share};
///
/// let config = Config {
///     max_stall: Duration::from_millis(200),
///     faults: Faults { fail: Share::new(0.1).unwrap(), ..Faults::NONE },
///     ..Config::default()
/// };
/// assert_eq!(config.addr.port(), 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where to listen. Only 127.0.0.1 is accepted; port 0 lets the system pick a free port.
    pub addr: SocketAddr,
    /// The longest `/delay` (delay plus jitter) a request may ask for.
    pub max_delay: Duration,
    /// How long a stalled request waits before its connection is closed.
    pub max_stall: Duration,
    /// The largest `/bytes/{n}` answer.
    pub max_bytes: u64,
    /// The largest upload body.
    pub max_upload: u64,
    /// The largest width or height of a generated image.
    pub max_image_side: u32,
    /// How many images may be drawn and encoded at once (default: the number of cores).
    /// Each is CPU work on tokio's blocking pool; more at once would only slow them all.
    /// Requests beyond it queue for a turn. (0 makes every image request busy.)
    pub max_encodes: usize,
    /// How long an image request waits for its turn before it gets `503` ("busy").
    pub max_encode_wait: Duration,
    /// How long a shutdown lets open connections finish before it closes them.
    pub shutdown_grace: Duration,
    /// Faults injected into every request of the routes that support them, unless the
    /// request's own `fail`, `drop` or `stall` parameter says otherwise.
    pub faults: Faults,
    /// Seed of the jitter sequence (jitter is pseudo-random but repeatable).
    pub jitter_seed: u64,
}

impl Config {
    /// The default config listening on `port` (0 for any free port).
    pub fn on_port(port: u16) -> Self {
        Self {
            addr: SocketAddr::from((LOOPBACK, port)),
            ..Self::default()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((LOOPBACK, 0)),
            max_delay: Duration::from_secs(60),
            max_stall: Duration::from_secs(30),
            max_bytes: 64 * 1024 * 1024,
            max_upload: 64 * 1024 * 1024,
            max_image_side: 4096,
            max_encodes: thread::available_parallelism().map_or(1, usize::from),
            max_encode_wait: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(5),
            faults: Faults::NONE,
            jitter_seed: 0x5eed,
        }
    }
}
