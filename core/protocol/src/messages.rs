//! The messages. Ids are raw 16-byte document ids and 32-byte change hashes.

use serde::{Deserialize, Serialize};

/// One change of one document, as automerge change bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireChange {
    pub doc: [u8; 16],
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// Device → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// The last server position this device has applied (0 at first sync).
    pub cursor: u64,
    /// Local changes the server has not acknowledged, oldest first.
    pub upload: Vec<WireChange>,
    /// The device's outbox position of the last change in `upload` (0 if none): the server echoes
    /// it back as acknowledged once every change up to it is stored or rejected.
    pub upload_through: u64,
    /// The most change bytes the device wants in one response (a page).
    pub page_bytes: u32,
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
    /// New changes in the device's scope after its cursor, in server order.
    pub changes: Vec<WireChange>,
    /// Actors of `changes` (each once per response).
    pub actors: Vec<ActorEntry>,
    /// The server position after the last change in this page: the device's next cursor.
    pub cursor: u64,
    /// More pages wait: sync again right away.
    pub more: bool,
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
