//! The server's own Steppe store: every change the server holds, applied into a `steppe-core`
//! store so the pages use the same projections and queries the phones do. It is a cache of the
//! change log, caught up before each page is drawn and rebuilt from it whenever it is opened. It
//! only reads: a write made on a page is the signed-in user's own change through ingest
//! (`web::write`), and reaches the replica from the log like any other.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use steppe_core::{DeviceIdentity, Steppe};
use steppe_protocol::SyncResponse;
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
    path: PathBuf,
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

/// A replica file of its own for each server in this process: the process id keeps apart the
/// servers of one machine, the count those of one process (a test starts many).
pub fn scratch_path() -> PathBuf {
    static SERVERS: AtomicU64 = AtomicU64::new(0);
    let n = SERVERS.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("steppe-replica-{}-{n}.db", std::process::id()))
}

/// The replica's file and the ones SQLite keeps beside it in WAL mode.
fn files(path: &Path) -> impl Iterator<Item = PathBuf> {
    ["", "-wal", "-shm", "-journal"].into_iter().map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Files already gone are fine: a first start finds none.
fn remove(path: &Path) -> std::io::Result<()> {
    for f in files(path) {
        match std::fs::remove_file(&f) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

impl Replica {
    /// A fresh replica at `path`, whatever was there removed first. A file left by an earlier
    /// run (a crash, a reused process id, a server since pointed at another database) holds a
    /// cursor into a log that need not be this one: catching up from it would skip whatever
    /// this log holds below that cursor. Starting empty costs one full catch-up, which the
    /// server runs in the background as it starts.
    pub async fn open(storage: &dyn Storage, path: &Path) -> Result<Self, ReplicaError> {
        let actor = server_actor(storage)
            .await
            .map_err(|e| ReplicaError::Task(e.to_string()))?;
        let path = path.to_path_buf();
        let at = path.clone();
        let store = blocking(move || {
            remove(&at).map_err(|e| ReplicaError::Task(format!("{}: {e}", at.display())))?;
            let identity = DeviceIdentity {
                user_id: "server".into(),
                user_name: "服务器".into(),
                device_id: "server".into(),
                device_name: "steppe-server".into(),
            };
            Ok(Steppe::builder(at, identity).actor(actor).open()?)
        })
        .await?;
        Ok(Self {
            path,
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
            let (changes, actors) = crate::exchange::package(storage, page.changes).await?;
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

/// The replica goes with its server: a cache nobody will open again is only litter in the
/// temporary directory (a test run starts hundreds of servers).
impl Drop for Replica {
    fn drop(&mut self) {
        if let Err(e) = remove(&self.path) {
            tracing::debug!(error = %e, "the replica's file stays");
        }
    }
}
