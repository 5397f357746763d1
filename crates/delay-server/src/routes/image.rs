//! `GET /image/{id}.png?w=W&h=H` (or `.jpg`): a generated test image.

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
    // Drawing and compressing is CPU work: it runs on tokio's blocking pool, so the
    // worker threads stay free to answer other requests meanwhile.
    let encoded = tokio::task::spawn_blocking(move || {
        images::encode(&images::test_image(id, width, height), format)
    })
    .await;
    match encoded {
        Ok(Ok(bytes)) => {
            Ok(([(header::CONTENT_TYPE, format.content_type())], bytes).into_response())
        }
        Ok(Err(err)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not encode the image: {err}"),
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the image task did not finish",
        )),
    }
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
    let id = id.parse().map_err(|_| bad())?;
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
    }
}
