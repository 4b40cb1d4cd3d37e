//! The server's own Steppe store: every change the server holds, applied into a `steppe-core`
//! store so the pages use the same projections and queries the phones do. It is a cache of the
//! change log, caught up before each page is drawn. Where the operator names a directory for it
//! (`--replica-dir`) it is kept there across restarts and resumes from its cursor, for as long
//! as it belongs to the same database and lineage (ADR 0012); otherwise it is built afresh in a
//! private temporary directory at every start. It only reads: a write made on a page is the signed-in user's own change through ingest
//! (`web::write`), and reaches the replica from the log like any other.

use crate::system;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    #[error(
        "the database was restored under the running server: restart it to rebuild the pages' replica"
    )]
    Stale,
}

/// Where a replica lives.
#[derive(Debug, Clone)]
pub enum Place {
    /// A new private directory inside this one at every start, removed at shutdown.
    Fresh(PathBuf),
    /// This directory, the operator's, kept across restarts.
    Kept(PathBuf),
}

/// The replica's file in a kept directory, what it was built from beside it, and the lock one
/// process holds while it uses them.
const KEPT_HOME: &str = "steppe-replica";
const KEPT_FILE: &str = "steppe-replica.db";
const KEPT_BINDING: &str = "steppe-replica.binding";
const KEPT_LOCK: &str = "steppe-replica.lock";

pub struct Replica {
    /// The private directory holding a fresh replica's files, removed with it; `None` for a
    /// kept one.
    dir: Option<PathBuf>,
    /// A kept replica's lock, held while it is open: a second server on the same machine and
    /// directory builds a fresh one instead of writing into this one.
    _kept: Option<std::fs::File>,
    /// The database's lineage when the replica was opened: a restore under a running server
    /// makes the replica's cursor meaningless (ADR 0012).
    lineage: crate::lineage::Lineage,
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

/// Makes the replica's directory: new, private (0700) and randomly named inside `parent`, so
/// the replica never opens, reuses or deletes a file someone else put there — not another user's
/// planted file in a shared temporary directory, not the database an operator mistyped, not the
/// replica of another server on the same machine.
fn private_dir(parent: &Path) -> std::io::Result<PathBuf> {
    let dir = parent.join(format!("steppe-replica-{}", crate::auth::random_hex(12)));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    // `create`, not `create_dir_all`: it fails if the name exists, so the directory is ours.
    builder.create(&dir)?;
    Ok(dir)
}

impl Replica {
    /// The replica at `place`: a kept one reopened where it belongs to this database and its
    /// lineage (its cursor then points into this log), otherwise a fresh, empty one. Never an
    /// earlier replica of another database or lineage: its cursor points into a log that is not
    /// this one (a restored backup, a server since pointed at another database), and catching
    /// up from it would skip whatever this log holds below that cursor. Starting empty costs one
    /// full catch-up, which the server runs in the background as it starts.
    pub async fn open(storage: &dyn Storage, place: &Place) -> Result<Self, ReplicaError> {
        let actor = server_actor(storage)
            .await
            .map_err(|e| ReplicaError::Task(e.to_string()))?;
        let open_at = |at: PathBuf| {
            let actor = actor.clone();
            blocking(move || {
                let identity = DeviceIdentity {
                    user_id: system::USER.into(),
                    user_name: system::NAME.into(),
                    device_id: system::DEVICE.into(),
                    device_name: system::NAME.into(),
                };
                Ok(Steppe::builder(at, identity).actor(actor).open()?)
            })
        };
        let lineage = crate::lineage::Lineage::load(storage).await?;
        let parent = match place {
            Place::Kept(dir) => match kept_lock(dir) {
                Ok((home, lock)) => {
                    let binding = binding(storage, lineage).await?;
                    let file = home.join(KEPT_FILE);
                    let binding_file = home.join(KEPT_BINDING);
                    let same = std::fs::read_to_string(&binding_file).is_ok_and(|b| b == binding);
                    let head = storage.head().await?;
                    let store = match if same {
                        Some(open_at(file.clone()).await)
                    } else {
                        None
                    } {
                        // Past the database's head: the database was put back by other means
                        // than `restore` (a file copied in), in the same lineage. Rebuilt.
                        Some(Ok(store)) if store.sync_cursor()? <= head => store,
                        // Another database or lineage, or a replica that no longer opens: built
                        // afresh. The binding goes first, so that a crash part way leaves no
                        // binding, and the next start rebuilds again.
                        other => {
                            // Matched by value: a store opened here is closed before its files go.
                            match other {
                                Some(Err(e)) => {
                                    tracing::warn!(error = %e, "the kept replica does not open: rebuilding it")
                                }
                                Some(Ok(_)) => tracing::warn!(
                                    "the kept replica is past the database's last change (a file put back by hand?): rebuilding it"
                                ),
                                None => {}
                            }
                            rebuild(&binding_file, &file)?;
                            tracing::info!(dir = %home.display(), "building the pages' replica afresh");
                            let store = open_at(file).await?;
                            write_durably(&binding_file, &binding)?;
                            store
                        }
                    };
                    return Ok(Self {
                        dir: None,
                        _kept: Some(lock),
                        lineage,
                        store: Arc::new(store),
                        writing: Mutex::new(()),
                    });
                }
                Err(e) => {
                    tracing::warn!(dir = %dir.display(), error = %e, "the kept replica cannot be used: building a fresh one");
                    dir.clone()
                }
            },
            Place::Fresh(parent) => parent.clone(),
        };
        let dir = private_dir(&parent)
            .map_err(|e| ReplicaError::Task(format!("{}: {e}", parent.display())))?;
        let store = open_at(dir.join("replica.db")).await?;
        Ok(Self {
            dir: Some(dir),
            _kept: None,
            lineage,
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
        let head = storage.head().await?;
        // The database was restored under this running server: what the replica holds is not
        // what the database holds any more. Pages are refused until a restart rebuilds it.
        if head < from || crate::lineage::Lineage::read(storage).await? != self.lineage {
            return Err(ReplicaError::Stale);
        }
        if head <= from {
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

/// The replica goes with its server: a cache nobody will open again is only litter (a test run
/// starts hundreds of servers).
impl Drop for Replica {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir
            && let Err(e) = std::fs::remove_dir_all(dir)
        {
            tracing::debug!(error = %e, "the replica's directory stays");
        }
    }
}

/// The replica's own directory inside the operator's (made private on first use), and its lock,
/// taken for this process alone. A directory there that is not private, or not a directory, is
/// not used: the replica holds every record.
fn kept_lock(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let home = dir.join(KEPT_HOME);
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    std::fs::create_dir_all(dir)?;
    match builder.create(&home) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = std::fs::symlink_metadata(&home)?;
    if !meta.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a directory",
            home.display()
        )));
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(home.join(KEPT_LOCK))?;
    #[cfg(unix)]
    {
        // The lock file is this process's user's: the directory must be too, and closed to
        // everyone else.
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if meta.permissions().mode() & 0o077 != 0 || meta.uid() != lock.metadata()?.uid() {
            return Err(std::io::Error::other(format!(
                "{} is not private to this server's user",
                home.display()
            )));
        }
    }
    lock.try_lock().map_err(|e| match e {
        std::fs::TryLockError::WouldBlock => {
            std::io::Error::other("another server process holds it")
        }
        std::fs::TryLockError::Error(e) => e,
    })?;
    Ok((home, lock))
}

/// Removes a kept replica's binding, then its files.
fn rebuild(binding_file: &Path, file: &Path) -> Result<(), ReplicaError> {
    let gone = |path: PathBuf| match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(ReplicaError::Task(format!("{}: {e}", path.display())))
        }
        _ => Ok(()),
    };
    gone(binding_file.to_path_buf())?;
    for side in ["", "-wal", "-shm", "-journal"] {
        let mut name = file.as_os_str().to_owned();
        name.push(side);
        gone(PathBuf::from(name))?;
    }
    Ok(())
}

/// Writes `text` to `path` through a new file renamed into place, synced: never through a link
/// someone left at `path`, never half written.
fn write_durably(path: &Path, text: &str) -> Result<(), ReplicaError> {
    let task = |e: std::io::Error| ReplicaError::Task(format!("{}: {e}", path.display()));
    let fresh = path.with_extension("new");
    let _ = std::fs::remove_file(&fresh);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&fresh)
        .map_err(task)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(task)?;
    f.sync_all().map_err(task)?;
    std::fs::rename(&fresh, path).map_err(task)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(task)?;
    }
    Ok(())
}

/// What a kept replica was built from: this database (an id made once in it) and its lineage.
/// A replica of anything else is rebuilt.
async fn binding(
    storage: &dyn Storage,
    lineage: crate::lineage::Lineage,
) -> Result<String, ReplicaError> {
    let database = storage
        .init_meta("database_id", &crate::auth::random_hex(16))
        .await?;
    Ok(format!("{database} {}", lineage.header()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each replica gets a directory nobody else made: two in one place never share one, and
    /// what was already there is left alone.
    #[test]
    fn a_replica_directory_is_new_and_private() {
        let parent = tempfile::tempdir().unwrap();
        let planted = parent.path().join("steppe-replica.db");
        std::fs::write(&planted, b"not ours").unwrap();
        let a = private_dir(parent.path()).unwrap();
        let b = private_dir(parent.path()).unwrap();
        assert_ne!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&a).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        assert_eq!(std::fs::read(&planted).unwrap(), b"not ours");
    }
}
