//! One error enum for the apps: Kotlin sees exceptions, Swift sees errors, each case one the app
//! can act on (show the rule, ask to sign in again, wait for signal, free space). Cases carry
//! codes and the names of fields and states, never sentences for users: each app maps them to its
//! own strings (`strings.xml`, the string catalogue). The `detail` fields are English for logs and
//! bug reports, not for screens.

use steppe_core::{CoreError, SyncError};
use steppe_domain::{DomainError, RecordKind};

/// Which rule refused a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RuleCode {
    /// A field's value breaks a rule (empty where required, out of range, missing text an
    /// outcome needs): `field` names it, e.g. `agreement`, `place`, `parties`.
    InvalidInput,
    /// The record's state does not allow this step now: `action` says what was tried
    /// (`close`, `reopen`, `follow up`), `state` the record's state code (`open`, `closed`).
    WrongState,
    /// The signed-in member's roles do not allow it here.
    NotPermitted,
    /// The stored record is not of the expected shape (a newer app wrote it, or it is damaged).
    Malformed,
}

#[derive(Debug, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum SteppeError {
    /// A workflow rule refused the command; nothing was written.
    #[error("{detail}")]
    Rule {
        code: RuleCode,
        /// The record kind the rule belongs to, where the rule names one.
        record: Option<RecordKind>,
        /// The field at fault (`InvalidInput`), else empty.
        field: String,
        /// The step tried (`WrongState`), else empty.
        action: String,
        /// The record's state code (`WrongState`), else empty.
        state: String,
        detail: String,
    },
    /// No such record on this device.
    #[error("not found: {id}")]
    NotFound { id: String },
    /// An argument is not well-formed (an id, a date).
    #[error("invalid argument: {detail}")]
    InvalidArgument { detail: String },
    /// No connection, or the server asked to retry later; nothing was lost. Try again later.
    #[error("offline: {detail}")]
    Offline { detail: String },
    /// The sync was cancelled; what was applied before stays applied, the next sync resumes.
    #[error("sync cancelled")]
    Cancelled,
    /// The token or enrollment code is wrong: enroll again.
    #[error("not authorised: {detail}")]
    Unauthorized { detail: String },
    /// This device or its user was revoked: wipe the store and key, and enroll again.
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
    /// on this phone is unreadable; wipe it and enroll again to start a new store.
    #[error("the store cannot be decrypted with this key")]
    WrongKey,
    /// Stored data failed its checks.
    #[error("stored data is corrupt: {detail}")]
    Corrupt { detail: String },
    /// Anything else from storage.
    #[error("storage error: {detail}")]
    Storage { detail: String },
}

fn rule(code: RuleCode, record: Option<RecordKind>, e: &DomainError) -> SteppeError {
    SteppeError::Rule {
        code,
        record,
        field: String::new(),
        action: String::new(),
        state: String::new(),
        detail: e.to_string(),
    }
}

impl From<DomainError> for SteppeError {
    fn from(e: DomainError) -> Self {
        match &e {
            DomainError::NotFound { id, .. } => SteppeError::NotFound { id: id.clone() },
            DomainError::InvalidInput { field, .. } => SteppeError::Rule {
                code: RuleCode::InvalidInput,
                record: None,
                field: (*field).to_string(),
                action: String::new(),
                state: String::new(),
                detail: e.to_string(),
            },
            DomainError::InvalidTransition {
                record,
                action,
                state,
            } => SteppeError::Rule {
                code: RuleCode::WrongState,
                record: Some(*record),
                field: String::new(),
                action: (*action).to_string(),
                state: state.clone(),
                detail: e.to_string(),
            },
            DomainError::NotAllowed { .. } => rule(RuleCode::NotPermitted, None, &e),
            DomainError::Malformed { kind, .. } => rule(RuleCode::Malformed, Some(*kind), &e),
            _ => rule(RuleCode::Malformed, None, &e),
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
