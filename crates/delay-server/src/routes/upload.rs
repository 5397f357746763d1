//! `POST /upload` and `PUT /upload/{name}`: receive a body, count it, answer a receipt.
//!
//! The body is read as a stream and never kept: the server counts and checksums it chunk
//! by chunk, so a 64 MiB upload costs no 64 MiB of memory.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Json, Response};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::mix::Fnv1a;
use crate::params::{self, FAULT_PARAMS, Params};
use crate::reply::ApiError;
use crate::state::AppState;
use crate::stats::Route;

/// The longest name `/upload/{name}` accepts.
const MAX_NAME_LEN: usize = 200;

/// The JSON answer to an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The upload's number since start or the last reset (from 1).
    pub number: u64,
    /// The name given in the path, if any.
    pub name: Option<String>,
    /// Bytes received.
    pub bytes: u64,
    /// FNV-1a (64 bits) of the bytes, in hex: compare with [`crate::fnv1a`].
    pub fnv1a: String,
}

pub(crate) async fn handler(
    State(app): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    receive(app, None, uri, headers, body).await
}

pub(crate) async fn named(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let name = params::segment(path)?;
    if name.chars().count() > MAX_NAME_LEN {
        return Err(ApiError::bad_request(format!(
            "an upload name is at most {MAX_NAME_LEN} characters"
        )));
    }
    receive(app, Some(name), uri, headers, body).await
}

async fn receive(
    app: AppState,
    name: Option<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let faults = Params::parse(&uri, &FAULT_PARAMS)?.faults(app.config.faults)?;
    let max = app.config.max_upload;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("upload too large: the limit is {max} bytes"),
        )
    };
    // Refuse early when the client announces a length over the limit.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|len| len > max) {
        return Err(too_large());
    }

    let (mut received, mut checksum) = (0u64, Fnv1a::new());
    let mut chunks = body.into_data_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|err| {
            ApiError::bad_request(format!(
                "the upload broke off: {}",
                lower_first(&err.to_string())
            ))
        })?;
        received += chunk.len() as u64;
        if received > max {
            return Err(too_large());
        }
        checksum.update(&chunk);
    }

    // Faults are decided once the body is in: the client has done its part of the work.
    let (k, fault) = app.decide(Route::Upload, faults);
    if let Some(fault) = fault {
        return Ok(app.inject(fault, k, "/upload").await);
    }
    let receipt = Receipt {
        number: app.counters.upload(received),
        name,
        bytes: received,
        fnv1a: format!("{:016x}", checksum.finish()),
    };
    Ok(Json(receipt).into_response())
}

/// Library errors often start with a capital; our bodies are lower-case throughout.
fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
