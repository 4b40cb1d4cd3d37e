//! What a server instance runs with, shared by every handler. Its own module so that the parts
//! it composes (sync and enrollment over HTTP, the pages) depend on it and not on each other.

use std::sync::Arc;
use std::time::Duration;

use metrics_exporter_prometheus::PrometheusHandle;
use steppe_protocol::Limits;

use crate::auth::TokenCache;
use crate::auth::password::Passwords;
use crate::storage::Storage;
use crate::web::Web;

pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub tokens: TokenCache,
    /// Web users' password checks, rationed server-wide: each costs a core and 19 MiB.
    pub passwords: Passwords,
    pub limits: Limits,
    pub metrics: Option<PrometheusHandle>,
    /// The supervisors' pages: sessions and the replica store they read.
    pub web: Arc<Web>,
    pub timeouts: Timeouts,
    /// The key the server signs certificates and bundles with (ADR 0011).
    pub server_key: crate::identity::ServerKey,
    /// The database's lineage (ADR 0012).
    pub lineage: crate::lineage::Cached,
}

impl AppState {
    /// A state whose pages keep their replica at `replica` (see [`Web::new`]).
    /// The database's lineage.
    pub async fn lineage(&self) -> Result<crate::lineage::Lineage, crate::storage::StorageError> {
        self.lineage.get(self.storage.as_ref()).await
    }

    pub fn new(
        storage: Arc<dyn Storage>,
        metrics: Option<PrometheusHandle>,
        replica: crate::web::replica::Place,
    ) -> Self {
        Self {
            storage,
            tokens: TokenCache::default(),
            passwords: Passwords::default(),
            limits: Limits::default(),
            metrics,
            web: Arc::new(Web::new(replica)),
            timeouts: Timeouts::default(),
            server_key: crate::identity::ServerKey::default(),
            lineage: crate::lineage::Cached::default(),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
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
