//! `SteppeStore`: the app's handle on its local store — opening, keys, who is signed in, sync
//! and change notices. Each role's calls are further `impl` blocks beside their records
//! (`mediation`, `school`, `grid`, `branch`, `review`); nothing here decides anything.

use std::path::Path;
use std::sync::Arc;

use steppe_core::{DeviceIdentity, Steppe};
use steppe_domain::Id;

use crate::error::{SteppeError, bad_id};
use crate::key::store_key;
use crate::observe::{ChangeListener, Subscription};
use crate::transport::{self, HttpTransport, Stopped, SyncCancel, SyncProgressListener};
use crate::types::{Enrollment, RoleAt};

pub(crate) fn parse_id(s: &str) -> Result<Id, SteppeError> {
    Id::parse(s).map_err(|_| bad_id(s))
}

#[derive(uniffi::Object)]
pub struct SteppeStore {
    pub(crate) store: Arc<Steppe>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncSummary {
    pub sent: u64,
    pub received: u64,
    /// Local changes the server refused: kept on the device, listed by `rejected_changes`.
    pub rejected: u64,
    pub conflicts: u64,
    pub round_trips: u64,
    /// Local changes still waiting for the server.
    pub pending: u64,
}

/// Deletes the store at `path` and its journal files, for a device the server revoked (or whose
/// key was lost): the next enrollment starts a new store under a new key. Never call it on a
/// store that is open.
#[uniffi::export]
pub fn wipe_store(path: String) -> Result<(), SteppeError> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = format!("{path}{suffix}");
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(SteppeError::Storage {
                    detail: format!("could not delete {file}: {e}"),
                });
            }
        }
    }
    Ok(())
}

#[uniffi::export]
impl SteppeStore {
    /// Opens (creating if needed) the store at `path` for an enrolled device, encrypted under
    /// `key` (32 bytes from [`crate::generate_store_key`], kept in the Keystore / Keychain).
    #[uniffi::constructor]
    pub fn open(
        path: String,
        enrollment: Enrollment,
        key: Vec<u8>,
    ) -> Result<Arc<Self>, SteppeError> {
        let identity = DeviceIdentity {
            user_id: enrollment.user_id,
            user_name: enrollment.user_name,
            device_id: enrollment.device_id,
            device_name: enrollment.device_name,
        };
        let store = Steppe::builder(Path::new(&path), identity)
            .actor(enrollment.actor)
            .key(store_key(key)?)
            .open()?;
        Ok(Arc::new(Self {
            store: Arc::new(store),
        }))
    }

    /// Re-encrypts the store under `new_key` (key rotation). Save the new key only after this
    /// returns; until then the old one still opens the store.
    pub fn rekey(&self, new_key: Vec<u8>) -> Result<(), SteppeError> {
        Ok(self.store.rekey(&store_key(new_key)?)?)
    }

    /// The signed-in member's person id.
    pub fn user_id(&self) -> String {
        self.store.identity().user_id.clone()
    }

    /// This device's id, as the server enrolled it.
    pub fn device_id(&self) -> String {
        self.store.identity().device_id.clone()
    }

    /// The roles the signed-in member holds, with their organisations (empty before the first
    /// sync brings the member's record).
    pub fn my_roles(&self) -> Result<Vec<RoleAt>, SteppeError> {
        let me = parse_id(&self.store.identity().user_id)?;
        Ok(self
            .store
            .roles_of(me)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Uploads what waits and downloads what is new, through the app's HTTP stack. Blocks
    /// (retrying with backoff when offline): call it from a background worker. `cancel` stops
    /// it at the next safe point with [`SteppeError::Cancelled`]; what was applied stays.
    pub fn sync(
        &self,
        transport: Arc<dyn HttpTransport>,
        server_url: String,
        token: String,
        progress: Option<Arc<dyn SyncProgressListener>>,
        cancel: Option<Arc<SyncCancel>>,
    ) -> Result<SyncSummary, SteppeError> {
        let cancel = cancel.unwrap_or_default();
        let report = transport::sync(
            &self.store,
            transport.as_ref(),
            &server_url,
            &token,
            progress.as_deref(),
            &cancel,
        )
        .map_err(|stopped| match stopped {
            Stopped::Failed(e) => SteppeError::from(e),
            Stopped::Cancelled => SteppeError::Cancelled,
        })?;
        Ok(SyncSummary {
            sent: report.sent,
            received: report.received,
            rejected: report.rejected,
            conflicts: report.conflicts,
            round_trips: report.round_trips,
            pending: self.store.pending_uploads()?,
        })
    }

    /// Local changes still waiting for the server.
    pub fn pending_uploads(&self) -> Result<u64, SteppeError> {
        Ok(self.store.pending_uploads()?)
    }

    /// When this device last finished a sync with nothing left to send or fetch (milliseconds
    /// since the Unix epoch), if ever.
    pub fn last_synced_at_ms(&self) -> Result<Option<i64>, SteppeError> {
        Ok(self.store.last_synced_at()?)
    }

    /// Calls `listener` with the names of changed tables after every committed write or sync,
    /// until the returned subscription is cancelled or dropped.
    pub fn observe(&self, listener: Arc<dyn ChangeListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.store.clone(), listener))
    }
}
