//! The annual democratic evaluation of members (民主评议党员): self-assessment, mutual
//! assessment, a democratic vote, and the result the branch committee records.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum Grade {
        Excellent => ("excellent", "优秀"),
        Qualified => ("qualified", "合格"),
        BasicallyQualified => ("basically_qualified", "基本合格"),
        Unqualified => ("unqualified", "不合格"),
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct DemocraticEvaluation {
    pub branch: String,
    pub member: String,
    pub year: i64,
    pub self_assessment: Option<String>,
    pub mutual_assessment: Option<String>,
    /// Grade code → votes.
    pub votes: BTreeMap<String, i64>,
    pub result: Option<Grade>,
}

impl DemocraticEvaluation {
    pub fn new(branch: String, member: String, year: i64) -> Result<Self> {
        let e = Self {
            branch,
            member,
            year,
            self_assessment: None,
            mutual_assessment: None,
            votes: BTreeMap::new(),
            result: None,
        };
        e.validate()?;
        Ok(e)
    }

    fn require_open(&self, action: &'static str) -> Result<()> {
        if self.result.is_some() {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                action,
                "recorded",
            ));
        }
        Ok(())
    }

    pub fn assess_self(&mut self, text: String) -> Result<()> {
        self.require_open("self-assess")?;
        require_text("self_assessment", &text)?;
        self.self_assessment = Some(text);
        Ok(())
    }

    pub fn assess_mutually(&mut self, text: String) -> Result<()> {
        self.require_open("mutually assess")?;
        require_text("mutual_assessment", &text)?;
        self.mutual_assessment = Some(text);
        Ok(())
    }

    pub fn record_votes(&mut self, votes: &[(Grade, i64)]) -> Result<()> {
        self.require_open("vote on")?;
        if votes.iter().any(|(_, n)| *n < 0) {
            return Err(DomainError::invalid("votes", "must not be negative"));
        }
        for (g, n) in votes {
            self.votes.insert(g.code().to_string(), *n);
        }
        Ok(())
    }

    /// The branch committee records the result, after self and mutual assessment and the vote.
    pub fn record_result(&mut self, grade: Grade) -> Result<()> {
        self.require_open("record the result of")?;
        if self.self_assessment.is_none() {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                "record the result of",
                "awaiting self-assessment",
            ));
        }
        if self.mutual_assessment.is_none() {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                "record the result of",
                "awaiting mutual assessment",
            ));
        }
        if self.votes.values().sum::<i64>() == 0 {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                "record the result of",
                "awaiting the vote",
            ));
        }
        self.result = Some(grade);
        Ok(())
    }
}

impl Record for DemocraticEvaluation {
    fn scope_org(&self) -> &str {
        &self.branch
    }

    fn validate(&self) -> Result<()> {
        require_id("branch", &self.branch)?;
        require_id("member", &self.member)?;
        if !(2000..=2100).contains(&self.year) {
            return Err(DomainError::invalid("year", "between 2000 and 2100"));
        }
        if let Some(k) = self.votes.keys().find(|k| Grade::parse(k).is_none()) {
            return Err(DomainError::invalid("votes", format!("unknown grade {k}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn result_follows_the_three_steps() {
        let mut e =
            DemocraticEvaluation::new(Id::new().to_string(), Id::new().to_string(), 2026).unwrap();
        assert!(e.record_result(Grade::Qualified).is_err());
        e.assess_self("对照合格党员标准".into()).unwrap();
        assert!(e.record_result(Grade::Qualified).is_err());
        e.assess_mutually("互评".into()).unwrap();
        assert!(e.record_result(Grade::Qualified).is_err());
        e.record_votes(&[(Grade::Excellent, 3), (Grade::Qualified, 9)])
            .unwrap();
        e.record_result(Grade::Qualified).unwrap();
        assert!(
            e.record_votes(&[(Grade::Excellent, 1)]).is_err(),
            "closed once recorded"
        );
    }

    #[test]
    fn year_is_bounded() {
        assert!(
            DemocraticEvaluation::new(Id::new().to_string(), Id::new().to_string(), 1900).is_err()
        );
    }
}
