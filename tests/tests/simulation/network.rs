//! The simulated network and server: the real sync server's router called in-process on one
//! thread (no sockets, no timers), with a server that can be restarted on its database file, and
//! a queue of delayed requests that reach it later and out of order.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use steppe_server::storage::Storage;
use steppe_server::{app_state, http, open_storage};
use tower::ServiceExt;

/// A request as it travels: where to, the device's token, the encoded body and its encoding.
#[derive(Debug, Clone)]
pub struct Sent {
    pub path: &'static str,
    pub token: Option<String>,
    pub body: Vec<u8>,
    pub encoding: Option<&'static str>,
}

#[allow(missing_debug_implementations)] // holds a router and a storage trait object
pub struct SimServer {
    rt: tokio::runtime::Runtime,
    database: PathBuf,
    storage: Arc<dyn Storage>,
    router: Router,
    /// Requests held back by the network; each reaches the server on a later step, if ever.
    delayed: VecDeque<Sent>,
}

impl SimServer {
    pub fn start(database: &Path) -> SimServer {
        // One thread and no I/O driver: every step happens in the order the test takes it. The
        // timer is there for the server's idle timeouts; bodies arrive whole, so none fires.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        let (storage, router) = rt.block_on(Self::boot(database));
        SimServer {
            rt,
            database: database.to_path_buf(),
            storage,
            router,
            delayed: VecDeque::new(),
        }
    }

    async fn boot(database: &Path) -> (Arc<dyn Storage>, Router) {
        let storage = open_storage(&database.to_string_lossy())
            .await
            .expect("open server storage");
        let router = http::router(app_state(storage.clone(), None));
        (storage, router)
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    pub fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }

    /// The process dies and starts again on the same file: everything in memory (token cache,
    /// connections) is gone; only what was committed survives.
    pub fn restart(&mut self) {
        let (storage, router) = self.rt.block_on(async {
            // Drop the old instance before the new one opens the file.
            Self::boot(&self.database).await
        });
        self.storage = storage;
        self.router = router;
    }

    /// The server handles one request: status and the whole response body.
    pub fn handle(&self, sent: &Sent) -> (u16, Vec<u8>) {
        let mut req = Request::post(sent.path)
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .header(header::ACCEPT_ENCODING, steppe_core::ACCEPT_ENCODING);
        if let Some(t) = &sent.token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(e) = sent.encoding {
            req = req.header(header::CONTENT_ENCODING, e);
        }
        let req = req.body(Body::from(sent.body.clone())).expect("request");
        self.rt.block_on(async {
            let resp = self
                .router
                .clone()
                .oneshot(req)
                .await
                .expect("router is infallible");
            let status = resp.status().as_u16();
            let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
                .await
                .expect("response body");
            (status, body.to_vec())
        })
    }

    pub fn delay(&mut self, sent: Sent) {
        self.delayed.push_back(sent);
    }

    /// A held-back request finally arrives (`pick` chooses which: the network reorders). Its
    /// answer goes nowhere: the device gave up on it long ago.
    pub fn deliver_delayed(&mut self, pick: usize) -> bool {
        if self.delayed.is_empty() {
            return false;
        }
        let i = pick % self.delayed.len();
        let Some(sent) = self.delayed.remove(i) else {
            return false;
        };
        self.handle(&sent);
        true
    }
}
