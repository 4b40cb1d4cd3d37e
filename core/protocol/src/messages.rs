//! The messages. Ids are raw 16-byte document ids and 32-byte change hashes.

use serde::{Deserialize, Serialize};

/// Changes of one document. `changes` are compact automerge change chunks (see [`crate::chunk`]).
///
/// `doc` is `None` only when `changes` include the document's first change (one without
/// dependencies): the receiver reads the id from that change's record envelope, so a first sync
/// does not carry every id twice. Uploads always name the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocChanges {
    pub doc: Option<[u8; 16]>,
    pub changes: Vec<Vec<u8>>,
}

/// Which scope a cursor was issued for (a hash of the organisations readable and published to
/// the user). All zeros before the first sync. Eight bytes: it only has to tell one user's
/// successive scopes apart.
pub type ScopeHash = [u8; 8];

/// Device → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// The last server position this device has applied (0 at first sync).
    pub cursor: u64,
    /// The scope `cursor` was issued for. When the user's scope has changed since, the server
    /// starts again from position 0 for the new scope.
    pub scope: ScopeHash,
    /// Local changes the server has not acknowledged, oldest first, consecutive changes of one
    /// document grouped.
    pub upload: Vec<DocChanges>,
    /// The device's outbox position of the last change in `upload` (0 if none): the server echoes
    /// it back as acknowledged once every change up to it is stored or rejected.
    pub upload_through: u64,
    /// The most change bytes the device wants in one response (a page).
    pub page_bytes: u32,
    /// Documents held incomplete here (changes waiting for ancestors, as when a record moved
    /// into scope): the server sends their whole history if they are in scope.
    pub want: Vec<[u8; 16]>,
}

/// Why the server refused an uploaded change. The device keeps the change and shows the record
/// as flagged; it never drops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub doc: [u8; 16],
    pub hash: [u8; 32],
    pub reason: RejectReason,
    /// A short machine-independent explanation (no personal data).
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RejectReason {
    /// The change's actor is not the uploading device's.
    ForeignActor,
    /// The record or the change lies outside what the user may write.
    OutOfScope,
    /// The record as the change leaves it breaks a domain rule.
    RuleViolation,
    /// The bytes are not a well-formed change, or too large.
    Malformed,
    /// The change depends on changes the server does not have (an earlier one was rejected).
    MissingDependency,
}

/// Who an automerge actor is, so history on every device shows names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorEntry {
    #[serde(with = "serde_bytes")]
    pub actor: Vec<u8>,
    pub user_id: String,
    pub user_name: String,
    pub device_id: String,
    pub device_name: String,
}

/// Server → device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// Every upload up to this outbox position is settled: stored, already known, or rejected.
    pub acked_through: u64,
    pub rejected: Vec<Rejection>,
    /// New changes in the device's scope after its cursor (and the histories it wanted), grouped
    /// by document.
    pub changes: Vec<DocChanges>,
    /// Actors of `changes` (each once per response).
    pub actors: Vec<ActorEntry>,
    /// The server position after the last change in this page: the device's next cursor.
    pub cursor: u64,
    /// Set when the scope differs from the request's: `cursor` belongs to this new scope (the
    /// server started again from 0) and the device stores both together.
    pub scope: Option<ScopeHash>,
    /// Set with `scope`: the organisations the device may now hold records of. Records outside
    /// are purged (a role removed, a unit moved away).
    pub visible: Option<Visible>,
    /// More pages wait: in a later frame of this response, or — in the last frame — for another
    /// request right away.
    pub more: bool,
}

/// A user's scope as the device needs it to purge: organisations read in full, and
/// organisations publishing only `published_kinds` (record kind codes) to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visible {
    pub readable: Vec<[u8; 16]>,
    pub published: Vec<[u8; 16]>,
    pub published_kinds: Vec<String>,
}

impl From<&steppe_domain::scope::Scope> for Visible {
    fn from(scope: &steppe_domain::scope::Scope) -> Self {
        let ids = |orgs: &[String]| -> Vec<[u8; 16]> {
            orgs.iter()
                .filter_map(|o| steppe_domain::Id::parse(o).ok())
                .map(|id| *id.as_bytes())
                .collect()
        };
        Visible {
            readable: ids(&scope.readable),
            published: ids(&scope.published),
            published_kinds: scope.published_kinds.clone(),
        }
    }
}

impl From<&Visible> for steppe_domain::scope::Scope {
    fn from(visible: &Visible) -> Self {
        let ids = |list: &[[u8; 16]]| -> Vec<String> {
            list.iter()
                .map(|b| steppe_domain::Id::from_bytes(*b).to_string())
                .collect()
        };
        steppe_domain::scope::Scope {
            readable: ids(&visible.readable),
            published: ids(&visible.published),
            published_kinds: visible.published_kinds.clone(),
            // Not on the wire: a device knows its own person record and keeps it (`purge`).
            person: None,
        }
    }
}

/// Device → server, once, to trade an enrollment code for a device token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    pub device_name: String,
    /// The automerge actor of this install; every change the device uploads must carry it.
    #[serde(with = "serde_bytes")]
    pub actor: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    pub user_id: String,
    pub user_name: String,
    pub device_id: String,
    /// Shown once; the server keeps only a password hash of it.
    pub token: String,
}
