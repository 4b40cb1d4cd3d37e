//! One error enum for the apps: Kotlin sees exceptions, Swift sees errors, each case one the app
//! can act on (show the rule, ask to sign in again, wait for signal, free space). Cases carry
//! codes, catalogue ids and arguments, never sentences for users: each app looks the ids up in
//! the resources `cargo xtask i18n` generates from the one catalogue (`strings.xml`, the string
//! catalogue). The `detail` fields are for logs and bug reports, not for screens.

use steppe_core::{CoreError, SyncError};
use steppe_domain::{DomainError, ErrorArg, RecordKind, Vocabulary};

/// An argument of a rule's sentence: `value` is shown as given, or, when `is_key`, is itself a
/// catalogue id to look up first (an organisation kind, a status).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessageArg {
    pub name: String,
    pub value: String,
    pub is_key: bool,
}

fn message_args(args: &[(&'static str, ErrorArg)]) -> Vec<MessageArg> {
    args.iter()
        .map(|(name, v)| {
            let (value, is_key) = match v {
                ErrorArg::Word(id) => (id.clone(), true),
                ErrorArg::Number(n) => (n.to_string(), false),
                ErrorArg::Text(t) => (t.clone(), false),
            };
            MessageArg {
                name: (*name).to_string(),
                value,
                is_key,
            }
        })
        .collect()
}

/// Which rule refused a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RuleCode {
    /// A field's value breaks a rule (empty where required, out of range, missing text an
    /// outcome needs): `field` names it, e.g. `agreement`, `place`, `parties`.
    InvalidInput,
    /// The record's state does not allow this step now: `action` says what was tried
    /// (`close`, `reopen`, `follow_up`: a `Step` code), `state` where the record stands as a
    /// catalogue id (`case_status_closed`).
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
        /// The step tried (`WrongState`: `close`, `reopen`, `follow_up`), else empty; its words
        /// are the catalogue id `step_<action>`.
        action: String,
        /// Where the record stands (`WrongState`), as a catalogue id (`case_status_closed`),
        /// else empty.
        state: String,
        /// Why (`InvalidInput`, `NotPermitted`), as a catalogue id (`reason_not_empty`), else
        /// empty; its sentence takes `args`.
        reason: String,
        args: Vec<MessageArg>,
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
    /// A bundle file was not applied (ADR 0011); nothing of it was.
    #[error("bundle refused: {detail}")]
    Bundle {
        problem: crate::bundle::BundleProblem,
        detail: String,
    },
    /// The phone met could not be believed: `why` is `expired`, `revoked`, `not_this_server`,
    /// `no_proof`, `self` or `other_version`.
    #[error("the phone met is refused: {why}")]
    PeerRefused { why: String },
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
        reason: String::new(),
        args: Vec::new(),
        detail: e.to_string(),
    }
}

impl From<DomainError> for SteppeError {
    fn from(e: DomainError) -> Self {
        match &e {
            DomainError::NotFound { id, .. } => SteppeError::NotFound { id: id.clone() },
            DomainError::InvalidInput {
                field,
                reason,
                args,
            } => SteppeError::Rule {
                code: RuleCode::InvalidInput,
                record: None,
                field: (*field).to_string(),
                action: String::new(),
                state: String::new(),
                reason: reason.message_id(),
                args: message_args(args),
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
                action: action.code().to_string(),
                state: state.clone(),
                reason: String::new(),
                args: Vec::new(),
                detail: e.to_string(),
            },
            DomainError::NotAllowed { reason } => SteppeError::Rule {
                code: RuleCode::NotPermitted,
                record: None,
                field: String::new(),
                action: String::new(),
                state: String::new(),
                reason: reason.message_id(),
                args: Vec::new(),
                detail: e.to_string(),
            },
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
            CoreError::PeerRefused(why) => SteppeError::PeerRefused {
                why: why.to_string(),
            },
            CoreError::PeerLink(detail) => SteppeError::Offline { detail },
            CoreError::Bundle(_)
            | CoreError::NotCertified
            | CoreError::BundleOutOfScope { .. }
            | CoreError::Certificate(_) => {
                use crate::bundle::BundleProblem as P;
                let problem = match &e {
                    CoreError::Bundle(steppe_protocol::bundle::BundleError::NotABundle) => {
                        P::NotABundle
                    }
                    CoreError::NotCertified => P::NotCertified,
                    CoreError::BundleOutOfScope { .. } => P::NotForThisUnit,
                    CoreError::Certificate(_) => P::CertificateRefused,
                    _ => P::Damaged,
                };
                SteppeError::Bundle {
                    problem,
                    detail: e.to_string(),
                }
            }
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
