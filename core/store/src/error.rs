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
    /// The store is encrypted under another key (or the file is not a Steppe store).
    #[error("the store cannot be decrypted with this key")]
    WrongKey,
    /// A key was given but this build's SQLite is not SQLCipher (it named no `cipher_version`):
    /// the store would be written unencrypted, so it is not opened.
    #[error("this build's SQLite cannot encrypt (no SQLCipher); the store was not opened")]
    NoEncryption,
    /// The file cannot be read without a key: it is encrypted, or not a database at all.
    #[error("the file is not a readable Steppe store (encrypted, or not a database)")]
    NotAStore,
    /// A store key must be exactly 32 bytes.
    #[error("a store key is 32 bytes, not {len}")]
    BadKey { len: usize },
    /// Only an encrypted store can be given a new key.
    #[error("the store is not encrypted, so it has no key to rotate")]
    NotEncrypted,
    /// Re-encryption did not take; the store is still under its old key.
    #[error("re-encrypting the store failed; it is still under its old key")]
    RekeyFailed,
    /// The system's random source failed.
    #[error("no randomness available: {0}")]
    Entropy(String),
    /// The device's storage failed a read or write (the file system or the flash said so);
    /// nothing of the failed command was kept.
    #[error("the device's storage failed: {0}")]
    Io(#[source] rusqlite::Error),
    #[error("storage error: {0}")]
    Storage(#[source] rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A certificate from the server is not believed (ADR 0011).
    #[error("the server's certificate is {0}")]
    Certificate(&'static str),
    /// The device holds no certificate yet: it has never synced since signing came in.
    #[error("this device has no certificate from its server yet: sync once where there is signal")]
    NotCertified,
    /// A bundle file is not believed; nothing of it was applied.
    #[error("the bundle is refused: {0}")]
    Bundle(#[from] steppe_protocol::bundle::BundleError),
    /// A phone met could not be believed: its certificate is `expired`, `revoked`, or
    /// `not_this_server`'s; it could not prove it holds the certificate's key for this meeting
    /// (`no_proof`); it is this phone itself (`self`); or its app speaks another meeting
    /// protocol (`other_version`).
    #[error("the phone met is refused: {0}")]
    PeerRefused(&'static str),
    /// The link to a phone met failed or carried something malformed; nothing of its offer was
    /// applied, and meeting again resumes.
    #[error("the link to the phone met failed: {0}")]
    PeerLink(String),
    /// The server's bundle is for a unit this device's user does not read.
    #[error("the bundle is for unit {org}, which this device does not read")]
    BundleOutOfScope { org: String },
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => CoreError::DiskFull,
            Some(rusqlite::ErrorCode::SystemIoFailure) => CoreError::Io(e),
            _ => CoreError::Storage(e),
        }
    }
}
