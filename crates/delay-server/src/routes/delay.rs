//! `GET /delay/{ms}?jitter=MS`: a slow answer, the stand-in for a slow web service.

use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::faults::Fault;
use crate::mix::splitmix64;
use crate::params::{self, FAULT_PARAMS, Params};
use crate::reply::{self, ApiError};
use crate::state::AppState;
use crate::stats::Route;

/// Waits `ms` milliseconds plus a repeatable pseudo-random jitter in `0..=jitter`, then
/// answers `waited N ms`. A faulty request still waits first (a slow server that then
/// fails), except a stall, which never answers.
pub(crate) async fn handler(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let max = params::millis(app.config.max_delay);
    let raw = params::segment(path)?;
    let ms: u64 = raw.parse().map_err(|_| {
        if params::is_digits(&raw) {
            // Digits that do not fit in a u64: far over the limit, not malformed.
            ApiError::bad_request(format!("a delay of {raw} ms is over the limit of {max} ms"))
        } else {
            ApiError::bad_request(format!(
                "the delay must be a whole number of milliseconds, got '{raw}'"
            ))
        }
    })?;
    let query = Params::parse(
        &uri,
        &["jitter", FAULT_PARAMS[0], FAULT_PARAMS[1], FAULT_PARAMS[2]],
    )?;
    let jitter = query.number("jitter", max)?.unwrap_or(0);
    if ms.saturating_add(jitter) > max {
        return Err(ApiError::bad_request(format!(
            "a delay of {} ms is over the limit of {max} ms",
            ms.saturating_add(jitter)
        )));
    }
    let faults = query.faults(app.config.faults)?;

    let (k, fault) = app.decide(Route::Delay, faults);
    if fault == Some(Fault::Stall) {
        return Ok(app.inject(Fault::Stall, k, "/delay").await);
    }
    let waited = ms + jitter_for(app.config.jitter_seed, k, jitter);
    app.sleep(Duration::from_millis(waited)).await?;
    if let Some(fault) = fault {
        return Ok(app.inject(fault, k, "/delay").await);
    }
    let mut response = reply::text(StatusCode::OK, format!("waited {waited} ms"));
    response.headers_mut().insert("x-waited-ms", waited.into());
    Ok(response.into_response())
}

/// The jitter of request `k`: uniform in `0..=max`, the same for the same seed and `k`.
fn jitter_for(seed: u64, k: u64, max: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    // Modulo bias is at most max / 2^64: invisible at millisecond scale.
    splitmix64(seed ^ k) % (max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_its_bound_and_repeats() {
        let values: Vec<u64> = (1..=1000).map(|k| jitter_for(42, k, 10)).collect();
        assert!(values.iter().all(|&v| v <= 10));
        // Spread over the whole range, not stuck on one value.
        assert!(values.contains(&0) && values.contains(&10));
        assert_eq!(jitter_for(42, 7, 10), jitter_for(42, 7, 10));
        assert_eq!(jitter_for(42, 7, 0), 0);
    }
}
