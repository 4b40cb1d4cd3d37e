//! Changes the server refused from a member's phone, kept where the member's supervisors read
//! them. The phone that made a refused change keeps it and flags its record; without this notice
//! nobody above would know a member's work never arrived. Only the server writes these (no role
//! allows `Action::RecordRejection`); one notice stands for one device and one record, so a phone
//! that keeps sending refused changes to the same record moves its counter rather than filling the
//! log.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    /// Why the server refused a change (the wire's `RejectReason`, as people read it).
    pub enum RefusalReason {
        ForeignActor => "foreign_actor",
        OutOfScope => "out_of_scope",
        RuleViolation => "rule_violation",
        Malformed => "malformed",
        MissingDependency => "missing_dependency",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct RejectedUpload {
    /// The uploader's own unit (their person record's): what scopes who reads the notice. Never
    /// the unit the refused change claimed, which may be anywhere.
    pub org: String,
    /// The uploader's person id and name as the server knew them.
    pub user: String,
    pub user_name: String,
    pub device: String,
    pub device_name: String,
    /// The record the refused change was to, and its kind if the server knew it.
    pub record: String,
    pub record_kind: Option<String>,
    pub reason: RefusalReason,
    /// The server's short explanation, for whoever follows it up (no personal data).
    pub detail: String,
    pub first_at: i64,
    pub last_at: i64,
    /// Refused changes to this record from this device, counted.
    pub changes: i64,
}

impl RejectedUpload {
    /// Counts `more` refused changes at `at`, keeping the newest reason.
    pub fn count(&mut self, more: i64, reason: RefusalReason, detail: String, at: i64) {
        self.changes = self.changes.saturating_add(more.max(1));
        self.reason = reason;
        self.detail = detail;
        self.last_at = self.last_at.max(at);
    }
}

impl Record for RejectedUpload {
    fn scope_org(&self) -> &str {
        &self.org
    }

    fn validate(&self) -> Result<()> {
        require_id("org", &self.org)?;
        require_text("user", &self.user)?;
        require_text("device", &self.device)?;
        require_id("record", &self.record)?;
        if self.changes < 1 {
            return Err(DomainError::invalid("changes", Reason::AtLeastOne));
        }
        if self.last_at < self.first_at {
            return Err(DomainError::invalid("last_at", Reason::NotBeforeFirstVisit));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn counting_keeps_the_first_time_and_the_newest_reason() {
        let mut n = RejectedUpload {
            org: Id::new().to_string(),
            user: Id::new().to_string(),
            user_name: "民警 巴特尔".into(),
            device: "d1".into(),
            device_name: "手机".into(),
            record: Id::new().to_string(),
            record_kind: Some("mediation_case".into()),
            reason: RefusalReason::OutOfScope,
            detail: "x".into(),
            first_at: 10,
            last_at: 10,
            changes: 1,
        };
        n.validate().unwrap();
        n.count(2, RefusalReason::RuleViolation, "y".into(), 20);
        assert_eq!(
            (n.changes, n.reason, n.first_at, n.last_at),
            (3, RefusalReason::RuleViolation, 10, 20)
        );
        n.changes = 0;
        assert!(n.validate().is_err());
    }
}
