//! 双报告、双考核 — an in-service member reports on their year to both their work unit's Party
//! organisation and the community they registered with, and is assessed by both. One record per
//! member, organisation and year (its id derived from the three), scoped to that organisation:
//! its staff take the report down (`LogMemberService`), its committee records the grade
//! (`WriteEvaluation`; `write_check` tells the two apart).

use crate::reason::{Reason, Standing, Step};
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text, require_year};
use crate::evaluation::Grade;
use crate::record::{Record, RecordKind};

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct ServiceReview {
    pub member: String,
    /// The unit's Party organisation or the community: who receives and who assesses.
    pub org: String,
    pub year: i64,
    pub report: Option<String>,
    pub reported_at: Option<i64>,
    pub grade: Option<Grade>,
    pub remarks: Option<String>,
}

impl ServiceReview {
    pub fn open(member: String, org: String, year: i64) -> Result<Self> {
        let r = Self {
            member,
            org,
            year,
            report: None,
            reported_at: None,
            grade: None,
            remarks: None,
        };
        r.validate()?;
        Ok(r)
    }

    /// The id of `member`'s review by `org` for `year`.
    pub fn id_for(member: &str, org: &str, year: i64) -> crate::Id {
        crate::Id::derived(RecordKind::ServiceReview, &format!("{member}/{org}/{year}"))
    }

    /// The member's report, as the organisation received it.
    pub fn receive_report(&mut self, text: String, now: i64) -> Result<()> {
        require_text("report", &text)?;
        self.report = Some(text);
        self.reported_at = Some(now);
        Ok(())
    }

    /// The organisation's assessment, after the report.
    pub fn assess(&mut self, grade: Grade, remarks: Option<String>) -> Result<()> {
        if self.report.is_none() {
            return Err(DomainError::transition(
                RecordKind::ServiceReview,
                Step::Assess,
                Standing::AwaitingMemberReport,
            ));
        }
        self.grade = Some(grade);
        self.remarks = remarks.filter(|r| !r.trim().is_empty());
        Ok(())
    }
}

impl Record for ServiceReview {
    fn scope_org(&self) -> &str {
        &self.org
    }

    fn validate(&self) -> Result<()> {
        require_id("member", &self.member)?;
        require_id("org", &self.org)?;
        require_year(self.year)?;
        if self.report.is_some() != self.reported_at.is_some() {
            return Err(DomainError::invalid("reported_at", Reason::SetWithReport));
        }
        if self.grade.is_some() && self.report.is_none() {
            return Err(DomainError::invalid("grade", Reason::AssessedBeforeReport));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn a_member_is_assessed_after_reporting_once_per_organisation_and_year() {
        let (m, unit, community) = (
            Id::new().to_string(),
            Id::new().to_string(),
            Id::new().to_string(),
        );
        assert_ne!(
            ServiceReview::id_for(&m, &unit, 2026),
            ServiceReview::id_for(&m, &community, 2026)
        );
        let mut r = ServiceReview::open(m, community, 2026).unwrap();
        assert!(r.assess(Grade::Excellent, None).is_err());
        r.receive_report("全年入户走访 24 次".into(), 5).unwrap();
        r.assess(Grade::Excellent, Some("服务群众积极".into()))
            .unwrap();
        r.validate().unwrap();
    }
}
