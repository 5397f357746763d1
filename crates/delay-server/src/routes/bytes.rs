//! `GET /bytes/{n}`: a body of `n` filler bytes, for downloads of a known size.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{Uri, header};
use axum::response::Response;
use futures::stream;

use crate::params::{self, FAULT_PARAMS, Params};
use crate::reply::ApiError;
use crate::state::AppState;
use crate::stats::Route;

const CHUNK_LEN: u64 = 64 * 1024;

/// One chunk of filler (`abc…z` repeated), made at compile time and shared by every
/// answer: a 64 MiB answer costs no 64 MiB buffer, only a stream of slices of this.
static CHUNK: [u8; CHUNK_LEN as usize] = filler();

const fn filler() -> [u8; CHUNK_LEN as usize] {
    let mut chunk = [0; CHUNK_LEN as usize];
    let mut i = 0;
    while i < chunk.len() {
        chunk[i] = b'a' + (i % 26) as u8;
        i += 1;
    }
    chunk
}

pub(crate) async fn handler(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let n = params::number("n", &params::segment(path)?, app.config.max_bytes)?;
    let query = Params::parse(&uri, &FAULT_PARAMS)?;
    let faults = query.faults(app.config.faults)?;

    let (k, fault) = app.decide(Route::Bytes, faults);
    if let Some(fault) = fault {
        return Ok(app.inject(fault, k, "/bytes").await);
    }
    let chunks = (0..n).step_by(CHUNK_LEN as usize).map(move |start| {
        // At most CHUNK_LEN, so the cast to usize is exact.
        let len = (n - start).min(CHUNK_LEN) as usize;
        Ok::<_, Infallible>(Bytes::from_static(&CHUNK[..len]))
    });
    Ok(Response::builder()
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, n)
        .body(Body::from_stream(stream::iter(chunks)))
        .expect("static headers and a number always make a valid response"))
}
