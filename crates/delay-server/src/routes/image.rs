//! `GET /image/{id}.png?w=W&h=H` (or `.jpg`): a generated test image.
//!
//! Making a picture is CPU work (a 4096 × 4096 PNG takes seconds), so it is gated: at
//! most [`crate::Config::max_encodes`] are made at once, the others wait for a turn and
//! get `503` ("busy") if none comes in time. A request that goes away while it waits
//! gives up its place; one that goes away while its picture is being made cannot stop
//! the blocking thread, but the job checks before each step (drawing, encoding) whether
//! anyone still waits for it, and stops early if not.

use std::sync::{Arc, Weak};

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::images::{self, DEFAULT_HEIGHT, DEFAULT_WIDTH, Format};
use crate::params::{self, FAULT_PARAMS, Params};
use crate::reply::ApiError;
use crate::state::AppState;
use crate::stats::Route;

pub(crate) async fn handler(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let (id, format) = parse_name(&params::segment(path)?)?;
    let query = Params::parse(
        &uri,
        &["w", "h", FAULT_PARAMS[0], FAULT_PARAMS[1], FAULT_PARAMS[2]],
    )?;
    let max = app.config.max_image_side;
    let width = side(&query, "w", DEFAULT_WIDTH, max)?;
    let height = side(&query, "h", DEFAULT_HEIGHT, max)?;
    let faults = query.faults(app.config.faults)?;

    let (k, fault) = app.decide(Route::Image, faults);
    if let Some(fault) = fault {
        return Ok(app.inject(fault, k, "/image").await);
    }
    // Dropped with this future, so when the client hangs up; the job only watches it.
    let waiting = Arc::new(());
    let wanted = Arc::downgrade(&waiting);
    let turn = app.encode_permit().await?;
    // Drawing and compressing is CPU work: it runs on tokio's blocking pool, so the
    // worker threads stay free to answer other requests meanwhile. The job keeps the
    // turn until it is done, so the bound holds even for jobs nobody waits for anymore.
    let encoded = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        make(id, width, height, format, &wanted)
    })
    .await;
    drop(waiting);
    match encoded {
        Ok(Some(Ok(bytes))) => {
            Ok(([(header::CONTENT_TYPE, format.content_type())], bytes).into_response())
        }
        Ok(Some(Err(err))) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not encode the image: {err}"),
        )),
        // `None` only comes when `waiting` is gone, and it lives until here.
        Ok(None) | Err(_) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the image task did not finish",
        )),
    }
}

/// Draws and encodes the picture, unless nobody waits for it anymore: `wanted` dies with
/// the request. Checked before each long step: a job may also sit in the blocking pool's
/// queue for a while before it starts.
fn make(
    id: u64,
    width: u32,
    height: u32,
    format: Format,
    wanted: &Weak<()>,
) -> Option<Result<Vec<u8>, image::ImageError>> {
    if wanted.strong_count() == 0 {
        return None;
    }
    let picture = images::test_image(id, width, height);
    if wanted.strong_count() == 0 {
        return None;
    }
    Some(images::encode(&picture, format))
}

/// `"7.png"` → `(7, Png)`.
fn parse_name(name: &str) -> Result<(u64, Format), ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "an image name looks like '7.png' or '7.jpg' (a whole number id), got '{name}'"
        ))
    };
    let (id, extension) = name.rsplit_once('.').ok_or_else(bad)?;
    let format = Format::from_extension(extension).ok_or_else(bad)?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    // Only digits, so a failure can only mean the number is too large.
    let id = id.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "the image id {id} is too large: the limit is {}",
            u64::MAX
        ))
    })?;
    Ok((id, format))
}

fn side(query: &Params, name: &str, default: u32, max: u32) -> Result<u32, ApiError> {
    match query.number(name, max)?.unwrap_or(default) {
        0 => Err(ApiError::bad_request(format!(
            "'{name}' must be at least 1"
        ))),
        value => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_an_id_and_a_format() {
        assert_eq!(parse_name("7.png"), Ok((7, Format::Png)));
        assert_eq!(parse_name("12.jpeg"), Ok((12, Format::Jpeg)));
        for bad in ["7", "cat.png", "7.gif", ".png", "-1.png"] {
            let err = parse_name(bad).unwrap_err();
            assert!(
                err.message.starts_with("an image name looks like"),
                "{bad}: {err:?}"
            );
        }
        let err = parse_name("18446744073709551616.png").unwrap_err();
        assert_eq!(
            err.message,
            "the image id 18446744073709551616 is too large: the limit is 18446744073709551615"
        );
    }

    #[test]
    fn a_picture_nobody_waits_for_is_not_made() {
        // A 4096 × 4096 picture would take seconds; with its request gone it takes none.
        let gone = Weak::new();
        assert!(make(1, 4096, 4096, Format::Png, &gone).is_none());

        let waiting = Arc::new(());
        let made = make(1, 8, 8, Format::Png, &Arc::downgrade(&waiting));
        assert!(matches!(made, Some(Ok(bytes)) if bytes.starts_with(b"\x89PNG")));
    }
}
