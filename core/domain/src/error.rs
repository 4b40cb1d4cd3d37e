//! The one error type of the domain. It carries codes and arguments, never sentences: the
//! catalogue (`core/i18n`, and the phones' resources generated from it) says them in the
//! reader's language. Its `Display` is for logs and names codes. Nothing in it is personal data.

use crate::labels::Vocabulary;
use crate::reason::{Reason, Step};
use crate::record::RecordKind;

pub type Result<T, E = DomainError> = std::result::Result<T, E>;

/// A value a refusal's sentence mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorArg {
    /// An entry of a vocabulary, by its catalogue id (said in the reader's language).
    Word(String),
    /// A number.
    Number(i64),
    /// Text as given (a value typed in, an id).
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// A field's value breaks a rule (empty where required, out of range, unknown reference).
    #[error("invalid {field}: {reason}{}", show_args(args))]
    InvalidInput {
        field: &'static str,
        reason: Reason,
        args: Vec<(&'static str, ErrorArg)>,
    },
    /// The workflow does not allow this step from the record's current state. `state` is the
    /// catalogue id of where the record stands (`case_status_closed`, `standing_cancelled`).
    #[error("cannot {action} a {record} that is {state}")]
    InvalidTransition {
        record: RecordKind,
        action: Step,
        state: String,
    },
    /// A referenced record does not exist (or is not visible here).
    #[error("{kind} {id} not found")]
    NotFound { kind: RecordKind, id: String },
    /// The acting user's roles, or the record's history, do not allow this.
    #[error("not allowed: {reason}")]
    NotAllowed { reason: Reason },
    /// The document's bytes or shape are not a record of the expected kind and schema.
    #[error("malformed {kind} document: {detail}")]
    Malformed { kind: RecordKind, detail: String },
}

fn show_args(args: &[(&'static str, ErrorArg)]) -> String {
    if args.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = args
        .iter()
        .map(|(name, value)| match value {
            ErrorArg::Word(id) | ErrorArg::Text(id) => format!("{name}={id}"),
            ErrorArg::Number(n) => format!("{name}={n}"),
        })
        .collect();
    format!(" ({})", shown.join(", "))
}

impl DomainError {
    pub fn invalid(field: &'static str, reason: Reason) -> Self {
        Self::InvalidInput {
            field,
            reason,
            args: Vec::new(),
        }
    }

    /// Adds an argument the reason's sentence mentions (to an `InvalidInput`).
    pub fn with(mut self, name: &'static str, value: ErrorArg) -> Self {
        if let Self::InvalidInput { args, .. } = &mut self {
            args.push((name, value));
        }
        self
    }

    pub fn transition(record: RecordKind, action: Step, state: impl Vocabulary) -> Self {
        Self::InvalidTransition {
            record,
            action,
            state: state.message_id(),
        }
    }

    pub fn not_allowed(reason: Reason) -> Self {
        Self::NotAllowed { reason }
    }

    /// How a refusal travels as one string (a rejected upload's detail): the catalogue id of
    /// its reason where that says it whole (no arguments), which pages and phones say in their
    /// reader's language; its code-naming description otherwise.
    pub fn refusal_detail(&self) -> String {
        match self {
            Self::InvalidInput { reason, args, .. } if args.is_empty() => reason.message_id(),
            Self::NotAllowed { reason } => reason.message_id(),
            other => other.to_string(),
        }
    }
}

/// Rejects an empty or whitespace-only required text field.
pub fn require_text(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, Reason::NotEmpty));
    }
    if value.len() > 64 * 1024 {
        return Err(DomainError::invalid(field, Reason::LongerThan64k));
    }
    Ok(())
}

/// Rejects a year outside the years Steppe's records can be about.
pub fn require_year(year: i64) -> Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(DomainError::invalid("year", Reason::Between2000And2100));
    }
    Ok(())
}

/// Rejects a reference that is not a well-formed record id.
pub fn require_id(field: &'static str, value: &str) -> Result<()> {
    crate::Id::parse(value)
        .map(|_| ())
        .map_err(|_| DomainError::invalid(field, Reason::NotARecordId))
}
