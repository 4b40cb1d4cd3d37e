//! The server's own Steppe store: every change the server holds, applied into a `steppe-core`
//! store so the pages use the same projections and queries the phones do. It is a cache of the
//! change log (rebuilt from it after a restart), caught up before each page is drawn. It only
//! reads: a write made on a page is the signed-in user's own change through ingest
//! (`web::write`), and reaches the replica from the log like any other.

use std::path::Path;
use std::sync::Arc;

use steppe_core::{DeviceIdentity, Steppe};
use steppe_protocol::{DocChanges, SyncResponse, chunk};
use tokio::sync::Mutex;

use crate::admin::server_actor;
use crate::storage::{Scope, Storage, StorageError};
use crate::tree::Tree;

const PAGE_BYTES: usize = 4 << 20;
const PAGE_CHANGES: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum ReplicaError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Core(#[from] steppe_core::CoreError),
    #[error("replica task failed: {0}")]
    Task(String),
}

pub struct Replica {
    store: Arc<Steppe>,
    /// One catch-up at a time.
    writing: Mutex<()>,
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica").finish_non_exhaustive()
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ReplicaError> + Send + 'static,
) -> Result<T, ReplicaError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ReplicaError::Task(e.to_string()))?
}

impl Replica {
    pub async fn open(storage: &dyn Storage, path: &Path) -> Result<Self, ReplicaError> {
        let actor = server_actor(storage)
            .await
            .map_err(|e| ReplicaError::Task(e.to_string()))?;
        let path = path.to_path_buf();
        let store = blocking(move || {
            let identity = DeviceIdentity {
                user_id: "server".into(),
                user_name: "服务器".into(),
                device_id: "server".into(),
                device_name: "steppe-server".into(),
            };
            Ok(Steppe::open_as(
                path,
                identity,
                Some(actor),
                steppe_core::system_clock(),
            )?)
        })
        .await?;
        Ok(Self {
            store: Arc::new(store),
            writing: Mutex::new(()),
        })
    }

    pub fn store(&self) -> &Arc<Steppe> {
        &self.store
    }

    /// Applies every change stored since the last catch-up.
    pub async fn catch_up(&self, storage: &dyn Storage) -> Result<(), ReplicaError> {
        let _one = self.writing.lock().await;
        // Most page views find nothing new: skip loading the tree for them.
        let cursor = || {
            let s = self.store.clone();
            blocking(move || Ok(s.sync_cursor()?))
        };
        let mut from = cursor().await?;
        if storage.head().await? <= from {
            return Ok(());
        }
        let tree = Tree::load(storage).await?;
        let everything = Scope::everything(tree.ids());
        loop {
            let page = storage
                .page(from, &everything, &[], PAGE_BYTES, PAGE_CHANGES)
                .await?;
            let more = page.more;
            if page.changes.is_empty() && page.cursor == from {
                return Ok(());
            }
            let actors: Vec<Vec<u8>> = page.changes.iter().map(|c| c.actor.clone()).collect();
            let actors = if actors.is_empty() {
                Vec::new()
            } else {
                storage.actors(actors).await?
            };
            let mut changes: Vec<DocChanges> = Vec::new();
            for c in &page.changes {
                let compact = chunk::compact(&c.bytes)
                    .ok_or_else(|| {
                        StorageError::Inconsistent("stored change is not a chunk".into())
                    })?
                    .to_vec();
                match changes.last_mut() {
                    Some(g) if g.doc == Some(c.doc) => g.changes.push(compact),
                    _ => changes.push(DocChanges {
                        doc: Some(c.doc),
                        changes: vec![compact],
                    }),
                }
            }
            let resp = SyncResponse {
                acked_through: 0,
                rejected: Vec::new(),
                changes,
                actors,
                cursor: page.cursor,
                scope: None,
                visible: None,
                more,
            };
            let s = self.store.clone();
            blocking(move || Ok(s.apply_sync_response(&resp)?)).await?;
            if !more {
                return Ok(());
            }
            from = cursor().await?;
        }
    }
}
