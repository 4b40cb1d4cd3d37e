//! Serving the router: plain HTTP or HTTPS on one address, each client's connections counted
//! ([`super::accept`]), idle connections closed, and a graceful stop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use super::accept::PerClientAcceptor;
use super::router_with;
use super::tls::{self, Tls};
use crate::state::AppState;

/// What one client may hold of the server at a time. Kept out of [`super::Timeouts`] so that
/// struct's literal users need not change; a server takes these through [`serve_with`].
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

/// A running server; dropping the handle does not stop it, `shutdown` does, gracefully.
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The live TLS configuration, shared with the acceptor: replacing what it holds changes
    /// the certificate for new handshakes and leaves open connections as they are.
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
}

impl Running {
    /// Serves `tls` to every handshake from now on (a renewed certificate), without dropping a
    /// connection. Refused, and the old certificate kept, if the new one does not load or the
    /// server does not speak TLS.
    pub async fn reload_tls(&self, tls: Tls) -> std::io::Result<()> {
        let Some(live) = &self.tls else {
            return Err(std::io::Error::other("this server does not speak TLS"));
        };
        live.reload_from_pem(tls.cert_pem, tls.key_pem).await
    }

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

/// Serves HTTPS (rustls) on `addr` until shut down; in-flight requests finish on shutdown.
pub async fn serve_tls(
    state: Arc<AppState>,
    addr: SocketAddr,
    tls: Tls,
) -> std::io::Result<Running> {
    serve_with(state, addr, Some(tls), ConnectionLimits::default()).await
}

/// Serves the admin routes (`/metrics`, health) on `addr` — by default a loopback address, apart
/// from the public port — until shut down.
pub async fn serve_admin(state: Arc<AppState>, addr: SocketAddr) -> std::io::Result<Running> {
    let app = super::admin_router(state).into_make_service();
    let handle = axum_server::Handle::new();
    let serving = handle.clone();
    let (stop, task) = stoppable(&handle, Duration::from_secs(5), async move {
        axum_server::bind(addr).handle(serving).serve(app).await
    });
    let addr = handle
        .listening()
        .await
        .ok_or_else(|| std::io::Error::other("the admin listener did not start"))?;
    tracing::info!(%addr, "listening (admin: metrics, health)");
    Ok(Running {
        addr,
        stop: Some(stop),
        task,
        tls: None,
    })
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
        Some(tls) => Some(tls.config().await?),
        None => None,
    };
    start(state, addr, config, limits).await
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
        // Over TLS the session cookie is `Secure` too: it must never travel in the clear.
        state.web.sessions.set_secure(true);
        router = tls::require_https(router);
    }
    let app = router.into_make_service_with_connect_info::<SocketAddr>();
    let acceptor = PerClientAcceptor::new(&limits);
    let handle = axum_server::Handle::new();
    let serving = handle.clone();
    let live_tls = tls.clone();
    let (stop, task) = stoppable(&handle, Duration::from_secs(30), async move {
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
        tls: live_tls,
    })
}

/// Runs `serving` on its own task, with the sender that starts its graceful stop: no new
/// connections, requests in flight given `drain` to finish.
fn stoppable(
    handle: &axum_server::Handle<SocketAddr>,
    drain: Duration,
    serving: impl std::future::Future<Output = std::io::Result<()>> + Send + 'static,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let graceful = handle.clone();
    let task = tokio::spawn(async move {
        tokio::spawn(async move {
            let _ = stopped.await;
            graceful.graceful_shutdown(Some(drain));
        });
        serving.await
    });
    (stop, task)
}
