//! `Steppe`: the one entry object. Open a store at a path with a device identity; every
//! workflow's commands and queries hang off it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use steppe_domain::command::Command;

use automerge::{ActorId, Change};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use steppe_domain::doc::RecordDoc;
use steppe_domain::{Id, Record};

use crate::db::{self, Readers};
use crate::docstore::{self, Stored};
use crate::encryption::StoreKey;
use crate::error::{CoreError, Result};
use crate::identity::{ActorInfo, DeviceIdentity};
use crate::observe::{ChangeCallback, Observers};
use crate::projection;

/// Milliseconds since the Unix epoch. Injected so tests control time.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    })
}

/// A Steppe store on this device. `Send + Sync`: share it between threads; writes serialise on
/// one connection, reads run in parallel. Every method blocks: call it off the UI thread.
pub struct Steppe {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Readers,
    identity: DeviceIdentity,
    actor: ActorId,
    clock: Clock,
    observers: Observers,
}

impl std::fmt::Debug for Steppe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Steppe")
            .field("path", &self.path)
            .field("actor", &self.actor.to_hex_string())
            .finish_non_exhaustive()
    }
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn set_meta(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])?;
    Ok(())
}

impl Steppe {
    /// Opens the store as [`crate::StoreBuilder`] describes it.
    pub(crate) fn open_with(
        path: PathBuf,
        identity: DeviceIdentity,
        actor: Option<ActorId>,
        clock: Clock,
        key: Option<StoreKey>,
    ) -> Result<Self> {
        let mut conn = db::open_writer(&path, key.as_ref())?;
        let actor = Self::establish_identity(&mut conn, &identity, actor)?;
        let observers = Observers::default();
        let store = Self {
            readers: Readers::new(&path, key),
            path,
            writer: Mutex::new(conn),
            identity,
            actor,
            clock,
            observers,
        };
        if store.read(|c| meta(c, "projections_dirty"))?.as_deref() == Some("1") {
            store.rebuild_projections()?;
        }
        tracing::debug!(actor = %store.actor.to_hex_string(), "store opened");
        Ok(store)
    }

    /// Reopens an existing store as the identity it was created with (for operators' tools).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(CoreError::Storage(rusqlite::Error::InvalidPath(
                path.to_path_buf(),
            )));
        }
        let conn = db::open_writer(path, None)?;
        let identity = conn
            .query_row(
                "SELECT a.user_id, a.user_name, a.device_id, a.device_name FROM meta m JOIN actors a ON a.actor = m.value WHERE m.key = 'actor'",
                [],
                |r| Ok(DeviceIdentity { user_id: r.get(0)?, user_name: r.get(1)?, device_id: r.get(2)?, device_name: r.get(3)? }),
            )
            .optional()?
            .ok_or(CoreError::IdentityMismatch)?;
        drop(conn);
        Self::builder(path, identity).open()
    }

    /// The first open of a store fixes its user, device and actor; later opens must match.
    fn establish_identity(
        conn: &mut Connection,
        identity: &DeviceIdentity,
        wanted: Option<ActorId>,
    ) -> Result<ActorId> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let actor = match (
            meta(&tx, "actor")?,
            meta(&tx, "user_id")?,
            meta(&tx, "device_id")?,
        ) {
            (Some(actor), Some(user), Some(device)) => {
                if user != identity.user_id
                    || device != identity.device_id
                    || wanted.as_ref().is_some_and(|w| w.to_hex_string() != actor)
                {
                    return Err(CoreError::IdentityMismatch);
                }
                ActorId::from(hex::decode(&actor).map_err(|_| CoreError::Corrupt {
                    id: "meta".into(),
                    detail: "actor id".into(),
                })?)
            }
            _ => {
                let actor = wanted.clone().unwrap_or_else(ActorId::random);
                set_meta(&tx, "actor", &actor.to_hex_string())?;
                set_meta(&tx, "user_id", &identity.user_id)?;
                set_meta(&tx, "device_id", &identity.device_id)?;
                actor
            }
        };
        upsert_actor(
            &tx,
            &ActorInfo {
                actor: actor.to_hex_string(),
                user_id: identity.user_id.clone(),
                user_name: identity.user_name.clone(),
                device_id: identity.device_id.clone(),
                device_name: identity.device_name.clone(),
            },
        )?;
        tx.commit()?;
        Ok(actor)
    }

    pub fn identity(&self) -> &DeviceIdentity {
        &self.identity
    }

    /// This install's automerge actor, as hex.
    pub fn actor(&self) -> String {
        self.actor.to_hex_string()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the store's file is encrypted (opened with a key).
    pub fn is_encrypted(&self) -> bool {
        self.readers.is_keyed()
    }

    pub(crate) fn readers(&self) -> &Readers {
        &self.readers
    }

    pub(crate) fn now(&self) -> i64 {
        (self.clock)()
    }

    /// Runs `f` in one IMMEDIATE write transaction, committed only if `f` succeeds.
    /// Subscribers hear which tables changed after the commit, once the writer is free.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let committed = {
            let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            self.observers.discard();
            let run = || -> Result<T> {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            };
            run()
        };
        match committed {
            Ok(out) => {
                self.observers.notify();
                Ok(out)
            }
            Err(e) => {
                self.observers.discard();
                Err(e)
            }
        }
    }

    /// Calls `callback` with the names of the tables (`cases`, `sessions`, `attendance`, …)
    /// each committed write changes, until [`Steppe::unsubscribe`]. It runs on the writing
    /// thread: keep it short.
    pub fn subscribe(&self, callback: ChangeCallback) -> u64 {
        self.observers.subscribe(callback)
    }

    pub fn unsubscribe(&self, id: u64) {
        self.observers.unsubscribe(id);
    }

    /// Caps the store's file at about `bytes` (None: no cap). A write that would grow it further
    /// fails with [`CoreError::DiskFull`] exactly as on a full phone, keeping nothing of itself;
    /// the app can reserve room for other data, and tests simulate a full disk with it.
    pub fn set_size_limit(&self, bytes: Option<u64>) -> Result<()> {
        self.with_writer(|conn| {
            let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            let pages = match bytes {
                Some(b) => (b as i64 / page.max(1)).max(1),
                None => 4_294_967_294,
            };
            conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
            Ok(())
        })
    }

    /// Runs `f` on the writer connection outside any transaction (maintenance: VACUUM).
    pub(crate) fn with_writer<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.readers.with(f)
    }

    /// Stores a new record as a new document.
    pub(crate) fn create<R: Record>(&self, record: &R, message: Command) -> Result<Id> {
        self.create_with_id(Id::new(), record, message)
    }

    pub(crate) fn create_with_id<R: Record>(
        &self,
        id: Id,
        record: &R,
        message: Command,
    ) -> Result<Id> {
        let now = self.now();
        self.write(|tx| {
            let mut doc = RecordDoc::create(id, record, self.actor.clone(), now, message.code())?;
            let change = doc.changes_since(&[]).into_iter().next();
            Self::persist(tx, &mut doc, change)?;
            Ok(id)
        })
    }

    /// Loads a record, lets `f` change it under the workflow's rules, and stores the change with
    /// its projections in one transaction.
    pub(crate) fn update<R: Record, T>(
        &self,
        id: Id,
        message: Command,
        f: impl FnOnce(&mut R, &Transaction<'_>, i64) -> Result<T>,
    ) -> Result<T> {
        let now = self.now();
        self.write(|tx| {
            let mut doc = docstore::load_record(tx, id, R::KIND, &self.actor)?;
            let mut record: R = doc.read()?;
            let out = f(&mut record, tx, now)?;
            let change = doc.write(&record, now, message.code())?;
            Self::persist(tx, &mut doc, change)?;
            Ok(out)
        })
    }

    fn persist(tx: &Transaction<'_>, doc: &mut RecordDoc, change: Option<Change>) -> Result<()> {
        let Some(change) = change else { return Ok(()) };
        let id = doc.id().to_string();
        docstore::append_change(tx, &id, &change, true)?;
        projection::project(tx, doc)?;
        docstore::maybe_compact(tx, &id)?;
        Ok(())
    }

    /// Whether this device holds any of record `id` (a record whose id its natural key gives
    /// may already be here, opened on another phone).
    pub(crate) fn holds(&self, id: Id) -> Result<bool> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1)")?
                    .query_row([id.to_string()], |r| r.get(0))?,
            )
        })
    }

    /// Reads one record's current state.
    pub fn get<R: Record>(&self, id: Id) -> Result<R> {
        self.read(|c| Ok(docstore::load_record(c, id, R::KIND, &self.actor)?.read()?))
    }

    /// Any record's current state as JSON (its kind is in the envelope), for detail views.
    pub fn record_json(&self, id: Id) -> Result<serde_json::Value> {
        self.read(|c| match docstore::load(c, id, &self.actor)? {
            Stored::Complete(doc) => Ok(doc.to_json()),
            Stored::Incomplete => Err(CoreError::UnknownRecord { id: id.to_string() }),
        })
    }

    /// Rebuilds every projection row from the documents (after a migration changed them).
    pub fn rebuild_projections(&self) -> Result<()> {
        self.write(|tx| {
            for table in projection::tables() {
                tx.execute(&format!("DELETE FROM {table}"), [])?;
            }
            let ids: Vec<String> = tx
                .prepare("SELECT id FROM documents")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in ids {
                let Ok(parsed) = Id::parse(&id) else { continue };
                if let Stored::Complete(mut doc) = docstore::load(tx, parsed, &self.actor)? {
                    projection::project(tx, &mut doc)?;
                }
            }
            set_meta(tx, "projections_dirty", "0")?;
            Ok(())
        })
    }

    /// Compacts every document (also done automatically as change logs grow).
    pub fn compact_all(&self) -> Result<usize> {
        self.write(|tx| {
            let ids: Vec<String> = tx
                .prepare("SELECT id FROM documents")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut n = 0;
            for id in ids {
                if docstore::compact(tx, &id)? {
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    pub(crate) fn actor_id(&self) -> &ActorId {
        &self.actor
    }
}

pub(crate) fn upsert_actor(tx: &Transaction<'_>, a: &ActorInfo) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO actors(actor, user_id, user_name, device_id, device_name) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(actor) DO UPDATE SET user_id = excluded.user_id, user_name = excluded.user_name,
             device_id = excluded.device_id, device_name = excluded.device_name",
    )?
    .execute(params![a.actor, a.user_id, a.user_name, a.device_id, a.device_name])?;
    Ok(())
}
