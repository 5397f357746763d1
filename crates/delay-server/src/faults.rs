//! Fault injection: which requests fail, drop their connection or stall.
//!
//! A test that says "a quarter of the requests fail" must not depend on luck, so faults
//! are not random. Each route numbers the requests it accepts, k = 1, 2, 3, …; a fault
//! with share p fires on request k exactly when
//!
//! ```text
//! floor(k·p) > floor((k−1)·p)
//! ```
//!
//! that is, whenever the running total k·p crosses a whole number. With p = 0.25 the
//! requests 4, 8, 12, … fail; over any n requests in a row the number of faults is
//! floor(n·p) or ceil(n·p), and exactly n·p when that is whole. After a reset of the
//! counters the numbering starts again at 1, so the first n requests hold exactly
//! floor(n·p) faults. Shares are kept in millionths, so the rule is integer arithmetic
//! and `0.1` really means one request in ten (no floating-point drift).
//!
//! When several kinds fire on the same request, the strongest wins: a stall, then a
//! dropped connection, then a failure.
//!
//! # When kinds collide
//!
//! The floor(n·p) count is exact *per kind* only when the kinds do not fire on the same
//! requests. All kinds share the route's numbering k, and a request gets one fault at
//! most, so a weaker kind loses every request a stronger kind also fires on:
//!
//! - `fail=0.5&drop=0.5`: both fire on requests 2, 4, 6, …; every one is dropped and
//!   **none** answers 500 (n/2 drops, 0 failures).
//! - `fail=0.5&stall=0.25`: fail fires on 2, 4, 6, 8, …, stall on 4, 8, …; requests
//!   2, 6, 10, … fail and 4, 8, … stall (n/4 each, not n/2 failures).
//!
//! So with one kind at a time, or shares whose firing requests never meet, each kind
//! holds exactly floor(n·p); otherwise a kind holds floor(n·p) minus the requests a
//! stronger kind took, and the faults in all are the requests on which any kind fires.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Millionths in a whole: a share is stored as a whole number of millionths.
const MILLION: u64 = 1_000_000;

/// A share of requests, from 0 (none) to 1 (all), with six decimal places.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "f64", into = "f64")]
pub struct Share(u32);

impl Share {
    /// No request.
    pub const NONE: Share = Share(0);
    /// Every request.
    pub const ALL: Share = Share(MILLION as u32);

    /// A share from a fraction in `0.0..=1.0`, rounded to the nearest millionth.
    pub fn new(fraction: f64) -> Result<Self, ShareError> {
        if !fraction.is_finite() || !(0.0..=1.0).contains(&fraction) {
            return Err(ShareError(fraction.to_string()));
        }
        // In range and finite, so the product is within 0..=1_000_000 and the cast is exact.
        Ok(Share((fraction * MILLION as f64).round() as u32))
    }

    /// The share as a fraction in `0.0..=1.0`.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / MILLION as f64
    }

    /// Whether a fault with this share fires on request number `k` (counted from 1).
    pub fn fires_on(self, k: u64) -> bool {
        if k == 0 {
            return false;
        }
        // u128: k·share cannot overflow, however long the server runs.
        let share = u128::from(self.0);
        let (k, million) = (u128::from(k), u128::from(MILLION));
        k * share / million > (k - 1) * share / million
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.fraction())
    }
}

impl FromStr for Share {
    type Err = ShareError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let fraction: f64 = raw
            .trim()
            .parse()
            .map_err(|_| ShareError(raw.to_string()))?;
        Share::new(fraction)
    }
}

impl TryFrom<f64> for Share {
    type Error = ShareError;

    fn try_from(fraction: f64) -> Result<Self, Self::Error> {
        Share::new(fraction)
    }
}

impl From<Share> for f64 {
    fn from(share: Share) -> f64 {
        share.fraction()
    }
}

/// A share outside `0..=1`, or not a number.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("a share must be a number from 0 to 1, got '{0}'")]
pub struct ShareError(String);

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// Answer `500 Internal Server Error` instead of the normal answer.
    Fail,
    /// Close the connection without a complete response.
    Drop,
    /// Answer nothing until the stall limit (or shutdown), then close the connection.
    Stall,
}

/// The shares of each kind of fault. The server's config holds the default; the query
/// parameters `fail`, `drop` and `stall` override it for one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    pub fail: Share,
    pub drop: Share,
    pub stall: Share,
}

impl Faults {
    /// No faults at all (the default).
    pub const NONE: Faults = Faults {
        fail: Share::NONE,
        drop: Share::NONE,
        stall: Share::NONE,
    };

    /// The fault, if any, that request number `k` of a route gets. The strongest kind
    /// wins when several fire: stall, then drop, then fail (so a weaker kind's count can
    /// fall short of floor(n·p): see "When kinds collide" in the [module docs](self)).
    pub fn pick(&self, k: u64) -> Option<Fault> {
        [
            (self.stall, Fault::Stall),
            (self.drop, Fault::Drop),
            (self.fail, Fault::Fail),
        ]
        .into_iter()
        .find(|(share, _)| share.fires_on(k))
        .map(|(_, fault)| fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(raw: &str) -> Share {
        raw.parse().unwrap()
    }

    fn firing(p: Share, n: u64) -> Vec<u64> {
        (1..=n).filter(|&k| p.fires_on(k)).collect()
    }

    #[test]
    fn a_quarter_fires_on_every_fourth_request() {
        assert_eq!(firing(share("0.25"), 12), [4, 8, 12]);
    }

    #[test]
    fn a_tenth_is_exact_without_float_drift() {
        // 0.1 is not exact in binary; kept in millionths it still gives 1 in 10.
        assert_eq!(firing(share("0.1"), 1000).len(), 100);
        assert_eq!(firing(share("0.7"), 10).len(), 7);
    }

    #[test]
    fn any_window_holds_floor_or_ceil_of_n_p() {
        let p = share("0.3");
        for start in 1..50 {
            let n = 7;
            let count = (start..start + n).filter(|&k| p.fires_on(k)).count();
            assert!(count == 2 || count == 3, "window at {start}: {count}");
        }
    }

    #[test]
    fn none_and_all_are_the_extremes() {
        assert!(firing(Share::NONE, 100).is_empty());
        assert_eq!(firing(Share::ALL, 100).len(), 100);
        assert!(!Share::ALL.fires_on(0));
    }

    #[test]
    fn shares_outside_zero_to_one_are_refused() {
        for raw in ["-0.1", "1.5", "NaN", "inf", "half", ""] {
            let err = raw.parse::<Share>().unwrap_err();
            assert!(err.to_string().starts_with("a share must be"), "{err}");
        }
    }

    #[test]
    fn the_strongest_fault_wins() {
        let faults = Faults {
            fail: Share::ALL,
            drop: share("0.5"),
            stall: share("0.25"),
        };
        let picked: Vec<_> = (1..=4).map(|k| faults.pick(k)).collect();
        use Fault::*;
        assert_eq!(picked, [Some(Fail), Some(Drop), Some(Fail), Some(Stall)]);
        assert_eq!(Faults::NONE.pick(1), None);
    }

    #[test]
    fn colliding_kinds_give_their_shared_requests_to_the_strongest() {
        let count = |faults: Faults, kind: Fault| {
            (1..=100).filter(|&k| faults.pick(k) == Some(kind)).count()
        };
        let half = share("0.5");
        let fail_and_drop = Faults {
            fail: half,
            drop: half,
            ..Faults::NONE
        };
        assert_eq!(count(fail_and_drop, Fault::Drop), 50);
        assert_eq!(count(fail_and_drop, Fault::Fail), 0, "no 500 at all");

        let fail_and_stall = Faults {
            fail: half,
            stall: share("0.25"),
            ..Faults::NONE
        };
        assert_eq!(count(fail_and_stall, Fault::Stall), 25);
        assert_eq!(count(fail_and_stall, Fault::Fail), 25, "not 50");
    }
}
