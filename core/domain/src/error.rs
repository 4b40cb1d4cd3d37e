//! The one error type of the domain. Messages name fields and states, never personal data.

use crate::record::RecordKind;

pub type Result<T, E = DomainError> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// A field's value breaks a rule (empty where required, out of range, unknown reference).
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },
    /// The workflow does not allow this step from the record's current state.
    #[error("cannot {action} a {record} that is {state}")]
    InvalidTransition {
        record: RecordKind,
        action: &'static str,
        state: String,
    },
    /// A referenced record does not exist (or is not visible here).
    #[error("{kind} {id} not found")]
    NotFound { kind: RecordKind, id: String },
    /// The acting user's roles do not allow this.
    #[error("not allowed: {reason}")]
    NotAllowed { reason: String },
    /// The document's bytes or shape are not a record of the expected kind and schema.
    #[error("malformed {kind} document: {detail}")]
    Malformed { kind: RecordKind, detail: String },
}

impl DomainError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    pub fn transition(
        record: RecordKind,
        action: &'static str,
        state: impl std::fmt::Display,
    ) -> Self {
        Self::InvalidTransition {
            record,
            action,
            state: state.to_string(),
        }
    }
}

/// Rejects an empty or whitespace-only required text field.
pub fn require_text(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    if value.len() > 64 * 1024 {
        return Err(DomainError::invalid(field, "longer than 64 KiB"));
    }
    Ok(())
}

/// Rejects a year outside the years Steppe's records can be about.
pub fn require_year(year: i64) -> Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(DomainError::invalid("year", "between 2000 and 2100"));
    }
    Ok(())
}

/// Rejects a reference that is not a well-formed record id.
pub fn require_id(field: &'static str, value: &str) -> Result<()> {
    crate::Id::parse(value)
        .map(|_| ())
        .map_err(|_| DomainError::invalid(field, "not a record id"))
}
