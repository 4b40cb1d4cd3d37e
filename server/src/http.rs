//! The HTTP face: enrollment, sync, health and metrics. Bodies are bounded before they are read;
//! every error is explicit and typed for the client.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_server::accept::NoDelayAcceptor;
use futures_util::StreamExt;
use metrics_exporter_prometheus::PrometheusHandle;
use steppe_protocol::{self as proto, Compression, EnrollRequest, EnrollResponse, Limits};
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::auth::{self, AuthError, TokenCache};
use crate::exchange;
use crate::storage::{DeviceRecord, Storage};

pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub tokens: TokenCache,
    pub limits: Limits,
    pub metrics: Option<PrometheusHandle>,
    /// The supervisors' pages: sessions and the replica store they read.
    pub web: Arc<crate::web::Web>,
    pub timeouts: Timeouts,
}

/// How long a connection may stay silent before the server hangs up: a client that stalls in
/// its request head or between pieces of its body holds a socket and a task and sends nothing.
/// Generous, for 2G: a slow upload that keeps moving is never cut; only silence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub header: Duration,
    pub body_idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header: Duration::from_secs(30),
            body_idle: Duration::from_secs(60),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.limits.max_body;
    Router::new()
        .route(proto::SYNC_PATH, post(sync))
        .route(proto::ENROLL_PATH, post(enroll))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .merge(crate::web::routes())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyTimeoutLayer::new(state.timeouts.body_idle))
        .with_state(state)
}

fn error(status: StatusCode, detail: &str) -> Response {
    (status, detail.to_string()).into_response()
}

/// The body's encoding; `None` for one this server does not speak.
fn compression_of(headers: &HeaderMap) -> Option<Compression> {
    match headers.get(header::CONTENT_ENCODING) {
        None => Some(Compression::None),
        Some(v) => Compression::from_token(v.to_str().ok()),
    }
}

fn accepts_zstd(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().starts_with("zstd")))
}

async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<DeviceRecord, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .map(HeaderValue::as_bytes)
        .ok_or(proto::credentials::CredentialError::Missing)
        .and_then(proto::credentials::parse_bearer)
        .map_err(|e| error(StatusCode::UNAUTHORIZED, &e.to_string()))?;
    match state
        .tokens
        .authenticate(state.storage.as_ref(), token)
        .await
    {
        Ok(d) => Ok(d),
        Err(AuthError::Revoked) => Err(error(StatusCode::FORBIDDEN, "device revoked")),
        Err(AuthError::Storage(e)) => {
            tracing::error!(error = %e, "storage failure during authentication");
            Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage unavailable",
            ))
        }
        Err(_) => Err(error(StatusCode::UNAUTHORIZED, "invalid token")),
    }
}

async fn sync(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    metrics::counter!("steppe_sync_requests_total").increment(1);
    metrics::counter!("steppe_bytes_received_total").increment(body.len() as u64);
    let device = match authenticate(&state, &headers).await {
        Ok(d) => d,
        Err(r) => {
            metrics::counter!("steppe_sync_refused_total").increment(1);
            return r;
        }
    };
    let Some(encoding) = compression_of(&headers) else {
        metrics::counter!("steppe_sync_malformed_total").increment(1);
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported content-encoding (zstd or none)",
        );
    };
    let req = match proto::decode_request(&body, encoding, &state.limits) {
        Ok(r) => r,
        Err(e) => {
            metrics::counter!("steppe_sync_malformed_total").increment(1);
            return error(StatusCode::BAD_REQUEST, &e.to_string());
        }
    };
    let exchange::Exchange {
        first,
        counts,
        rest,
    } = match exchange::handle(state.storage.as_ref(), &device, &req).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "sync failed");
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage unavailable, retry later",
            );
        }
    };
    let zstd = accepts_zstd(&headers);
    let out = match frame(first, zstd).await {
        Ok(out) => out,
        Err(r) => return r,
    };
    metrics::counter!("steppe_changes_applied_total").increment(counts.applied);
    metrics::counter!("steppe_changes_rejected_total").increment(counts.rejected);
    metrics::counter!("steppe_changes_sent_total").increment(counts.sent);
    metrics::counter!("steppe_bytes_sent_total").increment(out.len() as u64);
    metrics::histogram!("steppe_sync_seconds").record(started.elapsed().as_secs_f64());
    tracing::info!(device = %device.id, up = req.upload.len(), applied = counts.applied, rejected = counts.rejected, down = counts.sent, ms = started.elapsed().as_millis() as u64, "sync");
    // Later pages are read and compressed only as the device takes them, so a slow link holds
    // one page in memory, not the whole first sync.
    let storage = state.storage.clone();
    let more = futures_util::stream::unfold(
        (rest, storage, zstd, false),
        |(mut rest, storage, zstd, failed)| async move {
            if failed {
                return None;
            }
            match rest.next(storage.as_ref()).await {
                Ok(Some((page, sent))) => {
                    metrics::counter!("steppe_changes_sent_total").increment(sent);
                    match frame(page, zstd).await {
                        Ok(bytes) => {
                            metrics::counter!("steppe_bytes_sent_total")
                                .increment(bytes.len() as u64);
                            Some((Ok(Bytes::from(bytes)), (rest, storage, zstd, false)))
                        }
                        Err(_) => Some((
                            Err(std::io::Error::other("could not encode a page")),
                            (rest, storage, zstd, true),
                        )),
                    }
                }
                Ok(None) => None,
                Err(e) => {
                    // The device keeps every page it applied and resumes from there.
                    tracing::error!(error = %e, "sync page failed");
                    Some((Err(std::io::Error::other(e)), (rest, storage, zstd, true)))
                }
            }
        },
    );
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(out)) })
        .chain(more);
    let mut response = (StatusCode::OK, axum::body::Body::from_stream(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(proto::FRAMES_CONTENT_TYPE),
    );
    response
}

/// One encoded frame. A large page takes the strongest compression: up to a second or two of
/// CPU, kept off the async workers so other devices keep syncing meanwhile; a small one is
/// compressed cheaply in place.
async fn frame(resp: proto::SyncResponse, zstd: bool) -> Result<Vec<u8>, Response> {
    let small = resp.changes.is_empty() && resp.rejected.is_empty() && resp.actors.is_empty();
    let compression = if zstd && !small {
        Compression::Zstd
    } else {
        Compression::None
    };
    let change_bytes: usize = resp
        .changes
        .iter()
        .flat_map(|g| &g.changes)
        .map(Vec::len)
        .sum();
    let encoded = if change_bytes < proto::STRONG_FROM {
        proto::encode_frame(&resp, compression)
    } else {
        tokio::task::spawn_blocking(move || proto::encode_frame(&resp, compression))
            .await
            .unwrap_or(Err(proto::EncodeError))
    };
    encoded.map_err(|_| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "could not encode response",
        )
    })
}

async fn enroll(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let small = Limits {
        max_body: 4096,
        max_decoded: 4096,
        ..state.limits
    };
    let Ok(req) = proto::decode_message::<EnrollRequest>(&body, &small) else {
        return error(StatusCode::BAD_REQUEST, "malformed enrollment");
    };
    if req.actor.len() != 16 || req.device_name.trim().is_empty() || req.device_name.len() > 200 {
        return error(StatusCode::BAD_REQUEST, "malformed enrollment");
    }
    let storage = state.storage.as_ref();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let user_id = match storage.take_code(auth::code_hash(&req.code), now).await {
        Ok(Some(u)) => u,
        Ok(None) => return error(StatusCode::UNAUTHORIZED, "unknown, used or expired code"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
    };
    let user = match storage.user(&user_id).await {
        Ok(Some(u)) if !u.revoked => u,
        _ => return error(StatusCode::FORBIDDEN, "user revoked"),
    };
    let Ok((secret, token_hash)) = state.tokens.issue().await else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "could not issue a token");
    };
    let device = DeviceRecord {
        id: uuid::Uuid::new_v4().simple().to_string(),
        user_id: user.id.clone(),
        name: req.device_name,
        actor: req.actor,
        token_hash,
        revoked: false,
    };
    if storage.put_device(&device).await.is_err() {
        return error(StatusCode::CONFLICT, "this actor is already enrolled");
    }
    let resp = EnrollResponse {
        user_id: user.id,
        user_name: user.name,
        device_id: device.id.clone(),
        token: format!("{}.{secret}", device.id),
    };
    match proto::encode_message(&resp) {
        Ok(bytes) => (StatusCode::OK, bytes).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "could not encode"),
    }
}

async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    match state.storage.head().await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
    }
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    match &state.metrics {
        Some(h) => (StatusCode::OK, h.render()).into_response(),
        None => error(StatusCode::NOT_FOUND, "metrics disabled"),
    }
}

/// A running server; dropping the handle does not stop it, `shutdown` does, gracefully.
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting connections and waits for in-flight syncs to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = self.task.await;
    }

    /// Stops at once, dropping in-flight requests (what a crash looks like to a device).
    pub fn abort(self) {
        self.task.abort();
    }
}

/// The server's certificate chain and private key, PEM.
#[derive(Clone)]
pub struct Tls {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").finish_non_exhaustive()
    }
}

/// Serves HTTPS (rustls) on `addr` until shut down; in-flight requests finish on shutdown.
pub async fn serve_tls(
    state: Arc<AppState>,
    addr: SocketAddr,
    tls: Tls,
) -> std::io::Result<Running> {
    let config = axum_server::tls_rustls::RustlsConfig::from_pem(tls.cert_pem, tls.key_pem).await?;
    start(state, addr, Some(config)).await
}

/// Serves on `addr` (use port 0 for any free port) until shut down.
pub async fn serve(state: Arc<AppState>, addr: SocketAddr) -> std::io::Result<Running> {
    start(state, addr, None).await
}

/// Starts the server on its own task, with a handle for shutting it down. Sockets are set
/// `TCP_NODELAY` (as `axum::serve` did): a page or a stream of frames goes out in several
/// writes, which Nagle's algorithm would otherwise hold back for the client's ACKs.
async fn start(
    state: Arc<AppState>,
    addr: SocketAddr,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
) -> std::io::Result<Running> {
    let label = if tls.is_some() { "HTTPS" } else { "HTTP" };
    let header_timeout = state.timeouts.header;
    let app = router(state).into_make_service();
    let handle = axum_server::Handle::new();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let graceful = handle.clone();
    let serving = handle.clone();
    let task = tokio::spawn(async move {
        tokio::spawn(async move {
            let _ = stopped.await;
            graceful.graceful_shutdown(Some(Duration::from_secs(30)));
        });
        match tls {
            Some(config) => {
                let tls =
                    axum_server::tls_rustls::RustlsAcceptor::new(config).acceptor(NoDelayAcceptor);
                let mut server = axum_server::bind(addr).acceptor(tls).handle(serving);
                server
                    .http_builder()
                    .http1()
                    .header_read_timeout(header_timeout);
                server.serve(app).await
            }
            None => {
                let mut server = axum_server::bind(addr)
                    .acceptor(NoDelayAcceptor)
                    .handle(serving);
                server
                    .http_builder()
                    .http1()
                    .header_read_timeout(header_timeout);
                server.serve(app).await
            }
        }
    });
    let addr = handle
        .listening()
        .await
        .ok_or_else(|| std::io::Error::other(format!("the {label} listener did not start")))?;
    tracing::info!(%addr, "listening ({label})");
    Ok(Running {
        addr,
        stop: Some(stop),
        task,
    })
}
