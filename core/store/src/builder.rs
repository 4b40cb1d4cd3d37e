//! Opening a store: one builder for every way a store is opened (a phone's encrypted store under
//! the actor its enrollment bound, the server's replica, tests with their own clock), so each
//! option is named at the call site rather than told apart by a function name or a positional
//! `None`.

use std::path::{Path, PathBuf};

use automerge::ActorId;

use crate::encryption::StoreKey;
use crate::error::Result;
use crate::identity::DeviceIdentity;
use crate::steppe::{Clock, Steppe, system_clock};

/// How to open a store; see [`Steppe::builder`].
#[must_use = "a builder opens nothing until `open` is called"]
pub struct StoreBuilder {
    path: PathBuf,
    identity: DeviceIdentity,
    actor: Option<ActorId>,
    key: Option<StoreKey>,
    clock: Clock,
}

impl std::fmt::Debug for StoreBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreBuilder")
            .field("path", &self.path)
            .field("actor", &self.actor.as_ref().map(ActorId::to_hex_string))
            .field("keyed", &self.key.is_some())
            .finish_non_exhaustive()
    }
}

impl Steppe {
    /// Starts opening (creating if needed) the store at `path` for `identity`. The first open
    /// fixes the store's user, device and actor; a later open as anyone else fails with
    /// [`crate::CoreError::IdentityMismatch`].
    pub fn builder(path: impl AsRef<Path>, identity: DeviceIdentity) -> StoreBuilder {
        StoreBuilder {
            path: path.as_ref().to_path_buf(),
            identity,
            actor: None,
            key: None,
            clock: system_clock(),
        }
    }
}

impl StoreBuilder {
    /// The automerge actor the server bound to this device at enrollment (bytes or an
    /// [`ActorId`]): a new store takes it, an existing one must already have it. Without it a new
    /// store draws a random actor, which the server would not accept as this device's.
    pub fn actor(mut self, actor: impl Into<ActorId>) -> Self {
        self.actor = Some(actor.into());
        self
    }

    /// Encrypts the store under `key`, as a device does: the key comes from the platform's key
    /// store, and a store created under it opens under no other key (nor none):
    /// [`crate::CoreError::WrongKey`]. Without it the file is plain SQLite (the server's).
    pub fn key(mut self, key: StoreKey) -> Self {
        self.key = Some(key);
        self
    }

    /// Where the store reads the time (the system clock unless set), so tests control it.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Opens the store, creating it if the file does not exist yet. A file that is not a store
    /// under this key, or was written by a newer app, is refused and left as it is.
    pub fn open(self) -> Result<Steppe> {
        Steppe::open_with(self.path, self.identity, self.actor, self.clock, self.key)
    }
}
