//! The router: which path goes to which handler, and the counting around them.

mod bytes;
mod counted;
mod delay;
mod image;
mod upload;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};

use crate::reply;
use crate::state::AppState;
use crate::stats::Route;

pub use upload::Receipt;

/// The list `GET /` prints (and the binary prints at start).
pub const ENDPOINTS: &str = "\
GET  /delay/{ms}?jitter=MS     answer after ms milliseconds (plus up to MS of jitter)
GET  /bytes/{n}                answer with n filler bytes
GET  /image/{id}.png?w=W&h=H   a generated test image (also .jpg), the same for the same id
POST /upload  (or PUT)         count the body's bytes, answer with a json receipt
GET  /stats                    the counters as json (POST /stats/reset zeroes them)
faults, on /delay /bytes /image /upload: ?fail=P (500s) ?drop=P (broken connections)
?stall=P (no answer) with P a share from 0 to 1, applied to every 1/P-th request";

/// Builds the router. The counted routes sit behind the `track` middleware; `/` and the
/// `/stats` routes do not, so reading the counters does not change them.
pub(crate) fn router(state: AppState) -> Router {
    let counted = Router::new()
        .route("/delay/{ms}", get(delay::handler))
        .route("/bytes/{n}", get(bytes::handler))
        .route("/image/{file}", get(image::handler))
        .route("/upload", post(upload::handler).put(upload::handler))
        .route("/upload/{name}", post(upload::named).put(upload::named))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), track));
    Router::new()
        .route("/", get(index))
        .route("/stats", get(stats))
        .route("/stats/reset", post(reset))
        .method_not_allowed_fallback(method_not_allowed)
        .merge(counted)
        .with_state(state)
}

/// Counts the request, and keeps it "in flight" while its handler runs and then while
/// its answer's body is sent: the guard moves from this future into the body.
///
/// If the client goes away before the handler is done, the server drops this future and
/// the guard with it; if it goes away during the body, the server drops the body.
async fn track(State(app): State<AppState>, request: Request, next: Next) -> Response {
    app.counters.request(Route::of(request.uri().path()));
    let in_flight = app.counters.enter();
    let response = next.run(request).await;
    if response.status().is_client_error() {
        app.counters.rejected();
    }
    response.map(|body| Body::new(counted::Counted::new(body, in_flight)))
}

async fn index() -> Response {
    reply::text(StatusCode::OK, format!("delay-server\n\n{ENDPOINTS}"))
}

async fn stats(State(app): State<AppState>) -> impl IntoResponse {
    Json(app.counters.snapshot())
}

async fn reset(State(app): State<AppState>) -> Response {
    app.counters.reset();
    reply::text(StatusCode::OK, "counters reset")
}

async fn not_found(method: Method, uri: Uri) -> Response {
    reply::text(
        StatusCode::NOT_FOUND,
        format!(
            "no such endpoint: {method} {} (GET / lists the endpoints)",
            uri.path()
        ),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    reply::text(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "method {method} is not allowed on {} (GET / lists the endpoints)",
            uri.path()
        ),
    )
}
