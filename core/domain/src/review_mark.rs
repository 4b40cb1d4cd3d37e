//! 督导已阅: a supervisor's or secretary's mark that they have reviewed a record of their
//! subtree (a case, a resident's request, a meeting), so those below know it was seen and those
//! beside know it needs no second look. One mark per reviewer and record, never rewritten.

use autosurgeon::{Hydrate, Reconcile};

use crate::Id;
use crate::error::{DomainError, Result, require_id, require_text};
use crate::reason::Reason;
use crate::record::{Record, RecordKind};

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct ReviewMark {
    /// The record reviewed, and its kind's code.
    pub record: String,
    pub record_kind: String,
    /// The reviewed record's organisation: the mark's scope, so it is read and written where
    /// the record is. A mark naming another organisation than its record's is not shown with it.
    pub org: String,
    /// Who reviewed (their user id) and when.
    pub reviewer: String,
    pub at: i64,
    /// What the reviewer noted, if anything.
    pub note: String,
}

impl ReviewMark {
    /// The id of `reviewer`'s mark on `record`: derived from both, so marking twice is one mark.
    pub fn id_for(record: Id, reviewer: &str) -> Id {
        Id::derived(RecordKind::ReviewMark, &format!("{record}/{reviewer}"))
    }

    pub fn new(
        record: Id,
        record_kind: RecordKind,
        org: String,
        reviewer: String,
        at: i64,
        note: String,
    ) -> Result<Self> {
        let m = Self {
            record: record.to_string(),
            record_kind: record_kind.as_str().to_string(),
            org,
            reviewer,
            at,
            note: note.trim().to_string(),
        };
        m.validate()?;
        Ok(m)
    }
}

impl Record for ReviewMark {
    fn scope_org(&self) -> &str {
        &self.org
    }

    fn validate(&self) -> Result<()> {
        require_id("record", &self.record)?;
        require_id("org", &self.org)?;
        require_text("reviewer", &self.reviewer)?;
        if RecordKind::parse(&self.record_kind).is_none() {
            return Err(DomainError::invalid("record_kind", Reason::Unknown));
        }
        // A mark is made in Steppe's years (not a forged far future or past).
        if !(946_684_800_000..=4_102_444_800_000).contains(&self.at) {
            return Err(DomainError::invalid("at", Reason::ReviewTime));
        }
        if self.note.chars().count() > 500 {
            return Err(DomainError::invalid("note", Reason::AtMost500Chars));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mark_per_reviewer_and_record() {
        let record = Id::new();
        assert_eq!(
            ReviewMark::id_for(record, "u1"),
            ReviewMark::id_for(record, "u1")
        );
        assert_ne!(
            ReviewMark::id_for(record, "u1"),
            ReviewMark::id_for(record, "u2")
        );
        let org = Id::new().to_string();
        let mark = |at: i64, note: String| {
            ReviewMark::new(
                record,
                RecordKind::MediationCase,
                org.clone(),
                "u1".into(),
                at,
                note,
            )
        };
        let at = 1_800_000_000_000;
        let m = mark(at, " 已阅 ".into()).unwrap();
        assert_eq!(m.note, "已阅");
        assert!(mark(at, "长".repeat(501)).is_err(), "a note of at most 500");
        assert!(mark(5, String::new()).is_err(), "a time in Steppe's years");
        assert!(
            mark(253_402_300_799_000, String::new()).is_err(),
            "nor at the calendar's end"
        );
    }
}
