//! The HTTP face: sync, enrollment, the pages ([`crate::web`]), health and metrics, a module
//! each, served by [`serve_with`]. Bodies are bounded before they are read; every error is
//! explicit and typed for the client.

mod accept;
mod certificate;
mod enroll;
mod forward;
mod listen;
mod sync;
mod tls;
mod unit_bundle;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use steppe_protocol as proto;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::state::AppState;
pub use crate::state::Timeouts;
pub use listen::{ConnectionLimits, Running, serve, serve_admin, serve_tls, serve_with};
pub use tls::Tls;

/// The routes under the default [`ConnectionLimits`].
pub fn router(state: Arc<AppState>) -> Router {
    router_with(state, &ConnectionLimits::default())
}

/// The routes with `limits`' decoding bound.
pub fn router_with(state: Arc<AppState>, limits: &ConnectionLimits) -> Router {
    let max_body = state.limits.max_body;
    // Enrollment issues keyed token hashes; the key lives in this storage.
    state.tokens.attach(state.storage.clone());
    Router::new()
        .route(proto::SYNC_PATH, post(sync::sync))
        .route(proto::ENROLL_PATH, post(enroll::enroll))
        .route(
            proto::signing::CERTIFICATE_PATH,
            post(certificate::certificate),
        )
        .route(proto::peer::FORWARD_PATH, post(forward::forward))
        .route(
            proto::peer::UNIT_BUNDLE_PATH,
            post(unit_bundle::unit_bundle),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(crate::web::routes())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyTimeoutLayer::new(state.timeouts.body_idle))
        .layer(sync::DecodeGate::layer(limits))
        // Outermost, so a declared oversize is refused before anything touches the body.
        .layer(middleware::from_fn_with_state(
            max_body,
            refuse_declared_oversize,
        ))
        .layer(request_log())
        .with_state(state)
}

/// The routes of the admin listener: metrics, and health for whoever watches the process.
pub fn admin_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .layer(request_log())
        .with_state(state)
}

/// One log line per request: method, path (never the query or a header: no token reaches the
/// log), status, latency in milliseconds, and the device where a sync names one (recorded into
/// the span by the sync handler). Bodies are never logged.
fn request_log() -> tower_http::trace::TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    impl Fn(&Request) -> tracing::Span + Clone,
    tower_http::trace::DefaultOnRequest,
    tower_http::trace::DefaultOnResponse,
> {
    use tower_http::trace::{DefaultOnResponse, TraceLayer};
    TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            tracing::info_span!(
                "request",
                method = %req.method(),
                path = %req.uri().path(),
                device = tracing::field::Empty,
            )
        })
        .on_response(
            DefaultOnResponse::new()
                .level(tracing::Level::INFO)
                .latency_unit(tower_http::LatencyUnit::Millis),
        )
}

/// A body declared larger than the limit is refused on its headers: nothing of it is read, and
/// since the body is never polled hyper does not send `100 Continue` to an `Expect`ing client.
async fn refuse_declared_oversize(
    State(max_body): State<usize>,
    req: Request,
    next: Next,
) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > max_body as u64 => {
            metrics::counter!("steppe_requests_too_large_total").increment(1);
            tracing::debug!(declared = n, max_body, "refused a declared oversized body");
            error(StatusCode::PAYLOAD_TOO_LARGE, "body too large")
        }
        _ => next.run(req).await,
    }
}

/// 503 with a `Retry-After`: the server is saturated, not broken, and the device should return.
fn busy(detail: &str, retry_after_secs: u32) -> Response {
    let mut r = error(StatusCode::SERVICE_UNAVAILABLE, detail);
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    r
}

fn error(status: StatusCode, detail: &str) -> Response {
    (status, detail.to_string()).into_response()
}

async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    match state.storage.head().await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
    }
}

/// Ready for traffic: storage answers and the pages' replica is caught up (a load balancer
/// sends nothing to an instance still warming up). `/healthz` is liveness only.
async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    if state.storage.head().await.is_err() {
        return error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable");
    }
    if !state.web.ready() {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "warming up the pages' replica",
        );
    }
    (StatusCode::OK, "ready").into_response()
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    match &state.metrics {
        Some(h) => (StatusCode::OK, h.render()).into_response(),
        None => error(StatusCode::NOT_FOUND, "metrics disabled"),
    }
}
