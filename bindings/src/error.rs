//! One error enum for the apps: Kotlin sees exceptions, Swift sees errors, each case one the app
//! can act on (show the rule, ask to sign in again, wait for signal, free space).

use steppe_core::{CoreError, SyncError};
use steppe_domain::DomainError;

#[derive(Debug, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum SteppeError {
    /// A workflow rule refused the command: show `detail` to the user.
    #[error("{detail}")]
    Rule { detail: String },
    /// No such record on this device.
    #[error("not found: {id}")]
    NotFound { id: String },
    /// An argument is not well-formed (an id, a date).
    #[error("invalid argument: {detail}")]
    InvalidArgument { detail: String },
    /// No connection, or the server asked to retry later; nothing was lost. Try again later.
    #[error("offline: {detail}")]
    Offline { detail: String },
    /// The token or enrollment code is wrong: enroll again.
    #[error("not authorised: {detail}")]
    Unauthorized { detail: String },
    /// This device or its user was revoked: stop syncing, tell the user.
    #[error("this device has been revoked")]
    Revoked,
    /// The server refused a request or sent something malformed (a version mismatch or a bug).
    #[error("server protocol error: {detail}")]
    Protocol { detail: String },
    /// The phone is out of storage; nothing of the failed command was kept.
    #[error("the device is out of storage space")]
    DiskFull,
    /// The store belongs to another user or device, or was written by a newer app version.
    #[error("this store cannot be opened here: {detail}")]
    WrongStore { detail: String },
    /// The store cannot be decrypted with the key given: the key was lost or replaced. The data
    /// on this phone is unreadable; enroll again to start a new store.
    #[error("the store cannot be decrypted with this key")]
    WrongKey,
    /// Stored data failed its checks.
    #[error("stored data is corrupt: {detail}")]
    Corrupt { detail: String },
    /// Anything else from storage.
    #[error("storage error: {detail}")]
    Storage { detail: String },
}

impl From<DomainError> for SteppeError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound { id, .. } => SteppeError::NotFound { id },
            other => SteppeError::Rule {
                detail: other.to_string(),
            },
        }
    }
}

impl From<CoreError> for SteppeError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Domain(d) => d.into(),
            CoreError::UnknownRecord { id } => SteppeError::NotFound { id },
            CoreError::DiskFull => SteppeError::DiskFull,
            CoreError::Corrupt { .. } => SteppeError::Corrupt {
                detail: e.to_string(),
            },
            CoreError::WrongKey => SteppeError::WrongKey,
            CoreError::BadKey { .. } => SteppeError::InvalidArgument {
                detail: e.to_string(),
            },
            CoreError::IdentityMismatch
            | CoreError::SchemaTooNew { .. }
            | CoreError::NotAStore
            | CoreError::NotEncrypted => SteppeError::WrongStore {
                detail: e.to_string(),
            },
            other => SteppeError::Storage {
                detail: other.to_string(),
            },
        }
    }
}

impl From<SyncError> for SteppeError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Offline(detail) => SteppeError::Offline { detail },
            SyncError::Unauthorized(detail) => SteppeError::Unauthorized { detail },
            SyncError::Revoked => SteppeError::Revoked,
            SyncError::Store(c) => c.into(),
            other => SteppeError::Protocol {
                detail: other.to_string(),
            },
        }
    }
}

pub(crate) fn bad_id(id: &str) -> SteppeError {
    SteppeError::InvalidArgument {
        detail: format!("not a record id: {id}"),
    }
}
