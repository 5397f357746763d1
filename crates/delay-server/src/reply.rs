//! Answers every handler shares: plain-text errors and the deliberately broken response.

use std::io;

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An error answer: a status and a short lower-case plain-text body saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        text(self.status, self.message)
    }
}

/// A plain-text answer; a newline is added so `curl` output ends cleanly.
pub(crate) fn text(status: StatusCode, body: impl Into<String>) -> Response {
    let mut body = body.into();
    body.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A response that breaks the connection instead of arriving.
///
/// The head promises a body of 1 KiB, and the body fails before its first byte. The server
/// then cannot finish the message, so it closes the connection: the client sees an error
/// (usually while sending, at the latest while reading the body), never a complete answer.
pub(crate) fn broken_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::other("connection dropped on purpose"))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_LENGTH, 1024)
        .body(Body::from_stream(failing))
        .expect("a static status and header always make a valid response")
}
