//! The store's error type: the domain's rule errors plus what storage can go wrong with.

use steppe_domain::DomainError;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// A workflow rule refused the command; the UI shows it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// No record with this id is held here (of any kind): never synced, refused, or mistyped.
    #[error("no record {id} on this device")]
    UnknownRecord { id: String },
    /// The device ran out of storage; nothing of the failed command was kept.
    #[error("the device is out of storage space")]
    DiskFull,
    /// A stored document failed its checksum or could not be decoded.
    #[error("stored document {id} is corrupt: {detail}")]
    Corrupt { id: String, detail: String },
    /// Bytes received from elsewhere are not a valid change; nothing of their batch was applied.
    #[error("received an undecodable change for document {doc}")]
    InvalidRemoteChange { doc: String },
    /// The store was created by another user or device identity.
    #[error("this store belongs to another user or device")]
    IdentityMismatch,
    /// The store was written by a newer version of Steppe.
    #[error(
        "the store was written by a newer version of Steppe (schema {found}, this build knows {known})"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("storage error: {0}")]
    Storage(#[source] rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => CoreError::DiskFull,
            _ => CoreError::Storage(e),
        }
    }
}
