//! The HTTP face: enrollment, sync, health and metrics. Bodies are bounded before they are read;
//! every error is explicit and typed for the client.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use axum_server::accept::Accept;
use futures_util::StreamExt;
use metrics_exporter_prometheus::PrometheusHandle;
use steppe_protocol::{self as proto, Compression, EnrollRequest, EnrollResponse, Limits};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
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

/// What one client may hold of the server at a time. Kept out of [`Timeouts`] so that struct's
/// literal users need not change; a server takes these through [`serve_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections per client address (an IPv6 client's /64); more are closed on accept.
    /// A phone needs one or two; an office behind one NAT a few dozen.
    pub per_address: usize,
    /// Loopback clients are not counted: behind a reverse proxy on the same host every device
    /// arrives from loopback, and counting them would cap the whole proxy at `per_address`.
    pub exempt_loopback: bool,
    /// HTTP/2 has no header or body timeout of its own: a connection that sent its preface and
    /// fell silent would stay forever. The server pings it after this much silence...
    pub h2_keep_alive_interval: Duration,
    /// ...and hangs up if the ping is not answered within this.
    pub h2_keep_alive_timeout: Duration,
    /// Requests in flight on one HTTP/2 connection (hyper's default of 200 would let one socket
    /// stand for 200 clients under the per-address cap).
    pub h2_max_streams: u32,
    /// Compressed sync bodies inflated and decoded at once: each may cost `max_decoded` bytes
    /// and a core for a while from a body of a few KiB, so a burst of them is capped in memory
    /// and CPU.
    pub decoders: usize,
    /// How long a compressed sync waits for a decoder before it is told to retry (503).
    pub decode_wait: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            per_address: 64,
            exempt_loopback: true,
            // Generous, for 2G: a ping's answer may queue behind an upload on a slow link.
            h2_keep_alive_interval: Duration::from_secs(30),
            h2_keep_alive_timeout: Duration::from_secs(20),
            h2_max_streams: 32,
            decoders: 4,
            decode_wait: Duration::from_millis(500),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

/// The routes under the default [`ConnectionLimits`].
pub fn router(state: Arc<AppState>) -> Router {
    router_with(state, &ConnectionLimits::default())
}

/// The routes with `limits`' decoding bound.
pub fn router_with(state: Arc<AppState>, limits: &ConnectionLimits) -> Router {
    let max_body = state.limits.max_body;
    // Enrollment issues keyed token hashes; the key lives in this storage.
    state.tokens.attach(state.storage.clone());
    let decoders = DecodeGate {
        permits: Arc::new(Semaphore::new(limits.decoders.max(1))),
        wait: limits.decode_wait,
    };
    Router::new()
        .route(proto::SYNC_PATH, post(sync))
        .route(proto::ENROLL_PATH, post(enroll))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .merge(crate::web::routes())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyTimeoutLayer::new(state.timeouts.body_idle))
        .layer(Extension(decoders))
        // Outermost, so a declared oversize is refused before anything touches the body.
        .layer(middleware::from_fn_with_state(
            max_body,
            refuse_declared_oversize,
        ))
        .with_state(state)
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

/// Bounds concurrent decoding of sync bodies (see [`ConnectionLimits::decoders`]).
#[derive(Debug, Clone)]
struct DecodeGate {
    permits: Arc<Semaphore>,
    wait: Duration,
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
        Err(AuthError::Busy) => Err(busy("token verification busy, retry later", 5)),
        Err(AuthError::Key) => {
            tracing::error!("the database's token key is malformed; no keyed token can verify");
            Err(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server misconfigured",
            ))
        }
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

async fn sync(
    State(state): State<Arc<AppState>>,
    Extension(decoders): Extension<DecodeGate>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
    let limits = state.limits;
    let decoded = if encoding == Compression::None {
        // Nothing to inflate: decoding costs no more than the body already read.
        proto::decode_request(&body, encoding, &limits)
    } else {
        let Ok(Ok(permit)) =
            tokio::time::timeout(decoders.wait, decoders.permits.clone().acquire_owned()).await
        else {
            metrics::counter!("steppe_sync_decode_busy_total").increment(1);
            return busy("server busy decoding, retry later", 1);
        };
        // Inflating up to `max_decoded` takes a while: off the async workers, and the permit goes
        // with the work, so it is held until the work ends even if the device hangs up.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            proto::decode_request(&body, encoding, &limits)
        })
        .await
        .unwrap_or(Err(proto::DecodeError::Malformed))
    };
    let req = match decoded {
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
    // An actor id already bound to a device, a user's web actor or the server itself would let
    // this device's edits pass as theirs in every history: refused before the code is spent.
    match storage.actors(vec![req.actor.clone()]).await {
        Ok(bound) if bound.is_empty() => {}
        Ok(_) => return error(StatusCode::CONFLICT, "this actor is already enrolled"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
    }
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
    let Ok((secret, token_hash)) = state.tokens.issue_for(storage).await else {
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
    serve_with(state, addr, Some(tls), ConnectionLimits::default()).await
}

/// Serves on `addr` (use port 0 for any free port) until shut down.
pub async fn serve(state: Arc<AppState>, addr: SocketAddr) -> std::io::Result<Running> {
    serve_with(state, addr, None, ConnectionLimits::default()).await
}

/// Serves on `addr`, over TLS if given, under `limits`.
pub async fn serve_with(
    state: Arc<AppState>,
    addr: SocketAddr,
    tls: Option<Tls>,
    limits: ConnectionLimits,
) -> std::io::Result<Running> {
    let config = match tls {
        Some(tls) => {
            Some(axum_server::tls_rustls::RustlsConfig::from_pem(tls.cert_pem, tls.key_pem).await?)
        }
        None => None,
    };
    start(state, addr, config, limits).await
}

/// The key under which a client's connections are counted. An IPv6 client gets a whole /64 from
/// any provider, so counting single v6 addresses would cap nothing.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        v4 => v4,
    }
}

/// Counts open connections per client and closes those over the cap as they are accepted
/// (before TLS or HTTP costs anything). Also sets `TCP_NODELAY`, as axum-server's
/// `NoDelayAcceptor` did.
#[derive(Debug, Clone)]
struct PerClientAcceptor {
    cap: usize,
    exempt_loopback: bool,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerClientAcceptor {
    fn new(limits: &ConnectionLimits) -> Self {
        Self {
            cap: limits.per_address.max(1),
            exempt_loopback: limits.exempt_loopback,
            open: Arc::default(),
        }
    }

    fn admit(&self, stream: TcpStream) -> std::io::Result<Counted> {
        stream.set_nodelay(true)?;
        let ip = stream.peer_addr()?.ip().to_canonical();
        // Checked before `client_key`, which would turn ::1 into ::/64.
        if self.exempt_loopback && ip.is_loopback() {
            return Ok(Counted {
                stream,
                _slot: None,
            });
        }
        let client = client_key(ip);
        {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            let n = open.entry(client).or_insert(0);
            if *n >= self.cap {
                metrics::counter!("steppe_connections_refused_total").increment(1);
                tracing::debug!(%client, cap = self.cap, "too many connections; closed");
                // Dropping the stream closes it.
                return Err(std::io::Error::other(
                    "too many connections from this client",
                ));
            }
            *n += 1;
        }
        let slot = Slot {
            client,
            open: self.open.clone(),
        };
        Ok(Counted {
            stream,
            _slot: Some(slot),
        })
    }
}

impl<S> Accept<TcpStream, S> for PerClientAcceptor {
    type Stream = Counted;
    type Service = S;
    type Future = std::future::Ready<std::io::Result<(Counted, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        std::future::ready(self.admit(stream).map(|s| (s, service)))
    }
}

/// One counted connection; released when the connection's stream is dropped, however it ends.
#[derive(Debug)]
struct Slot {
    client: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                // Forget idle clients, or the map grows with every address ever seen.
                open.remove(&self.client);
            }
        }
    }
}

/// A TCP stream holding its client's slot, if its client is counted.
#[derive(Debug)]
struct Counted {
    stream: TcpStream,
    _slot: Option<Slot>,
}

impl AsyncRead for Counted {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// The same idle limits for both protocols: HTTP/1 must finish its head within the header
/// timeout; an HTTP/2 connection must answer pings; and any connection must get its first
/// request in within the header timeout, which also bounds hyper's protocol detection (a socket
/// that sends nothing, or half a preface, is neither HTTP/1 nor HTTP/2 yet).
fn configure<Acc>(
    mut server: axum_server::Server<SocketAddr, Acc>,
    header_timeout: Duration,
    limits: &ConnectionLimits,
) -> axum_server::Server<SocketAddr, Acc> {
    let builder = server.http_builder();
    builder.http1().header_read_timeout(header_timeout);
    builder
        .http2()
        .keep_alive_interval(Some(limits.h2_keep_alive_interval))
        .keep_alive_timeout(limits.h2_keep_alive_timeout)
        .max_concurrent_streams(limits.h2_max_streams);
    server.first_request_timeout(header_timeout)
}

/// Starts the server on its own task, with a handle for shutting it down. Sockets are set
/// `TCP_NODELAY` (as `axum::serve` did): a page or a stream of frames goes out in several
/// writes, which Nagle's algorithm would otherwise hold back for the client's ACKs.
async fn start(
    state: Arc<AppState>,
    addr: SocketAddr,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
    limits: ConnectionLimits,
) -> std::io::Result<Running> {
    let label = if tls.is_some() { "HTTPS" } else { "HTTP" };
    let header_timeout = state.timeouts.header;
    // Read (or create) the token key before the first device asks: a storage that cannot give
    // it fails the start rather than every enrollment.
    state
        .tokens
        .load_key(state.storage.as_ref())
        .await
        .map_err(|e| std::io::Error::other(format!("token key: {e}")))?;
    let mut router = router_with(state.clone(), &limits);
    if tls.is_some() {
        // Over TLS the session cookie is `Secure`, and every response tells the browser never to
        // come back over plain HTTP.
        state.web.sessions.set_secure(true);
        router = router.layer(middleware::map_response(|mut r: Response| async move {
            r.headers_mut().insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            );
            r
        }));
    }
    let app = router.into_make_service_with_connect_info::<SocketAddr>();
    let acceptor = PerClientAcceptor::new(&limits);
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
                let tls = axum_server::tls_rustls::RustlsAcceptor::new(config).acceptor(acceptor);
                let server = axum_server::bind(addr).acceptor(tls).handle(serving);
                configure(server, header_timeout, &limits).serve(app).await
            }
            None => {
                let server = axum_server::bind(addr).acceptor(acceptor).handle(serving);
                configure(server, header_timeout, &limits).serve(app).await
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
