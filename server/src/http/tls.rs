//! What serving over TLS takes and changes: a certificate and key, and browsers told to use
//! nothing else from then on.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Response;
use axum_server::tls_rustls::RustlsConfig;

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

impl Tls {
    pub(super) async fn config(self) -> std::io::Result<RustlsConfig> {
        RustlsConfig::from_pem(self.cert_pem, self.key_pem).await
    }
}

/// Every response tells the browser never to come back over plain HTTP.
pub(super) fn require_https(router: Router) -> Router {
    router.layer(middleware::map_response(|mut r: Response| async move {
        r.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
        r
    }))
}
