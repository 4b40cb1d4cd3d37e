//! Where the server keeps changes, the organisation tree, users and devices. One trait, two
//! backends (embedded SQLite, PostgreSQL), one conformance suite every backend instantiates
//! (`storage_conformance_tests!` in `tests/src/storage_conformance.rs`).

pub mod migrations;
mod postgres;
mod sqlite;

use std::collections::HashSet;

use async_trait::async_trait;
use steppe_protocol::ActorEntry;

pub use postgres::PostgresStorage;
pub use sqlite::{SqliteStorage, lock_path as sqlite_lock_path};

pub type DocId = [u8; 16];
pub type Hash = [u8; 32];

/// How stale a device's last-seen time may grow before a sync writes it again.
pub const SEEN_EVERY_MS: i64 = 5 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {0}")]
    Pool(String),
    #[error("storage task failed: {0}")]
    Task(String),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error("database file: {0}")]
    Io(#[from] std::io::Error),
    #[error("server schema: {0}")]
    Migration(String),
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// A change accepted for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    pub doc: DocId,
    pub hash: Hash,
    pub actor: Vec<u8>,
    pub bytes: Vec<u8>,
}

/// A document's current kind and the organisation it belongs to (what scopes who reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocUpdate {
    pub doc: DocId,
    pub kind: String,
    pub org: String,
}

/// Server-side projections of the records scope depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    Org {
        id: String,
        parent: Option<String>,
        kind: String,
    },
    Grants {
        person: String,
        grants: Vec<(String, String)>,
    },
}

/// One atomic write: changes get consecutive positions, in order, visible all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commit {
    pub changes: Vec<NewChange>,
    pub docs: Vec<DocUpdate>,
    pub projections: Vec<Projection>,
}

/// What a user may read: one type for the server, both backends, the pages and the phones.
pub use steppe_domain::scope::Scope;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageChange {
    pub seq: u64,
    pub doc: DocId,
    pub actor: Vec<u8>,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub changes: Vec<PageChange>,
    /// The position to resume from: after the last change sent, or the head if all was sent.
    pub cursor: u64,
    pub more: bool,
    /// The end of the log the page was cut against.
    pub head: u64,
}

/// The user's own person record a page also reaches (`Scope::person`), as its stored id.
pub(crate) fn person_doc(scope: &Scope) -> Option<Vec<u8>> {
    scope
        .person
        .as_deref()
        .and_then(|p| steppe_domain::Id::parse(p).ok())
        .map(|id| id.as_bytes().to_vec())
}

/// Cuts a page from visible changes in position order (fetched up to `max_changes + 1`, all at
/// or below `head`): at least one change, then no more than `max_bytes` or `max_changes`. The
/// resume cursor is the last change sent when more remain, otherwise the head — so a device whose
/// scope saw nothing new still moves past what others wrote.
pub fn cut_page(
    rows: impl IntoIterator<Item = Result<PageChange>>,
    cursor: u64,
    head: u64,
    max_bytes: usize,
    max_changes: usize,
) -> Result<Page> {
    let mut changes: Vec<PageChange> = Vec::new();
    let mut bytes = 0usize;
    let mut more = false;
    for row in rows {
        let row = row?;
        if changes.len() >= max_changes
            || (!changes.is_empty() && bytes + row.bytes.len() > max_bytes)
        {
            more = true;
            break;
        }
        bytes += row.bytes.len();
        changes.push(row);
    }
    let cursor = if more {
        changes.last().map(|c| c.seq).unwrap_or(cursor)
    } else {
        head.max(cursor)
    };
    Ok(Page {
        changes,
        cursor,
        more,
        head,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: String,
    pub name: String,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub actor: Vec<u8>,
    /// PHC string of the token secret's password hash.
    pub token_hash: String,
    pub revoked: bool,
}

/// A signed-in session of the pages, as kept in the database: under the hash of its cookie's
/// value, never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub id_hash: Hash,
    pub user_id: String,
    pub user_name: String,
    pub csrf: String,
    /// Ms since the epoch; the session is gone from then on.
    pub expires_at: i64,
}

/// A device as the operator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceListing {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    pub name: String,
    pub revoked: bool,
    /// When it last synced (ms since the epoch), if ever since last-seen times were kept.
    pub last_seen: Option<i64>,
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Every stored change of a document, in position order.
    async fn doc_changes(&self, doc: DocId) -> Result<Vec<Vec<u8>>>;
    /// A document's kind code and organisation, if it is stored.
    async fn doc_scope(&self, doc: DocId) -> Result<Option<(String, String)>>;
    /// Which of these hashes are stored.
    async fn known(&self, hashes: Vec<Hash>) -> Result<HashSet<Hash>>;
    /// Stores a commit atomically; changes already stored are skipped. Returns the new head.
    async fn commit(&self, commit: Commit) -> Result<u64>;
    /// Changes after `cursor` visible in `scope`, not written by `exclude_actor`, up to a size.
    async fn page(
        &self,
        cursor: u64,
        scope: &Scope,
        exclude_actor: &[u8],
        max_bytes: usize,
        max_changes: usize,
    ) -> Result<Page>;
    /// The highest position stored.
    async fn head(&self) -> Result<u64>;
    /// The organisation tree: (id, parent, kind code).
    async fn orgs(&self) -> Result<Vec<(String, Option<String>, String)>>;
    /// A user's roles: (org, role code).
    async fn grants(&self, user: &str) -> Result<Vec<(String, String)>>;

    async fn put_user(&self, id: &str, name: &str) -> Result<()>;
    async fn user(&self, id: &str) -> Result<Option<UserRecord>>;
    async fn revoke_user(&self, id: &str) -> Result<bool>;
    /// Users whose id or exact name is `who` (a name two people share matches both).
    async fn find_users(&self, who: &str) -> Result<Vec<UserRecord>>;
    /// The language a user chose for the pages (a locale's tag), if they chose one.
    async fn user_lang(&self, user: &str) -> Result<Option<String>>;
    /// Keeps the language a user chose for the pages with their account.
    async fn set_user_lang(&self, user: &str, lang: &str) -> Result<()>;
    /// Sets the password hash a user signs in to the pages with.
    async fn set_password(&self, user: &str, hash: &str) -> Result<()>;
    async fn password(&self, user: &str) -> Result<Option<String>>;
    async fn put_code(&self, code_hash: Hash, user: &str, expires_at_ms: i64) -> Result<()>;
    /// Consumes a one-time code: the user it was issued for, if unused and unexpired.
    async fn take_code(&self, code_hash: Hash, now_ms: i64) -> Result<Option<String>>;
    async fn put_device(&self, device: &DeviceRecord) -> Result<()>;
    async fn device(&self, id: &str) -> Result<Option<DeviceRecord>>;
    async fn revoke_device(&self, id: &str) -> Result<bool>;
    /// Who these actors are (devices joined with users; the server's own actor).
    async fn actors(&self, actors: Vec<Vec<u8>>) -> Result<Vec<ActorEntry>>;
    async fn meta(&self, key: &str) -> Result<Option<String>>;
    /// Sets a value unless one is set; returns the value now stored.
    async fn init_meta(&self, key: &str, value: &str) -> Result<String>;
    /// Sets a value, replacing any.
    async fn put_meta(&self, key: &str, value: &str) -> Result<()>;
    /// Keeps a page session, and drops those expired by `now_ms`.
    async fn put_session(&self, session: &StoredSession, now_ms: i64) -> Result<()>;
    /// A page session unless it has expired by `now_ms`.
    async fn session(&self, id_hash: Hash, now_ms: i64) -> Result<Option<StoredSession>>;
    /// Moves a session's expiry (an idle timeout that slides with use).
    async fn extend_session(&self, id_hash: Hash, expires_at: i64) -> Result<()>;
    async fn end_session(&self, id_hash: Hash) -> Result<()>;
    /// Ends every page session of `user` (a new password), or of everyone (a restore).
    async fn end_sessions(&self, user: Option<&str>) -> Result<()>;
    /// Notes that a device synced at `at_ms`; at most every five minutes a device costs a write.
    async fn device_seen(&self, device: &str, at_ms: i64) -> Result<()>;
    /// Every device, by user name then device name.
    async fn devices(&self) -> Result<Vec<DeviceListing>>;
    /// Every user, by name.
    async fn users(&self) -> Result<Vec<UserRecord>>;
    /// The documents holding records of `kind`, for the operator's commands.
    async fn docs_of_kind(&self, kind: &str) -> Result<Vec<DocId>>;
    /// Keeps `key` as the device's public signing key unless it already has one, and returns the
    /// one it has: a device's first key is its key for good (ADR 0011).
    async fn register_device_key(&self, device: &str, key: &[u8]) -> Result<Vec<u8>>;
    /// The ids of the devices revoked (themselves or with their user) after `after` (Unix ms);
    /// revoking marks the time once, so revoking again changes nothing.
    async fn revoked_devices(&self, after: i64) -> Result<Vec<String>>;
    /// The device's public signing key, once it has presented one.
    async fn device_key(&self, device: &str) -> Result<Option<Vec<u8>>>;
}
