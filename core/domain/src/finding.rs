//! 三员 — what a village's Party-building, public-sentiment and integrity supervisors find, the
//! branch's answer, and the outcome the supervisor confirms. Each finding is one record: the
//! supervisor writes the finding and its outcome, the branch writes only its answer (the server
//! checks who wrote which part, `author_rules`).

use crate::reason::{Reason, Standing, Step};
use autosurgeon::{Hydrate, Reconcile, Text};

use crate::authz::Role;
use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    /// The three kinds of village supervisor (三员), each a role held on the village.
    pub enum Lens {
        PartyBuilding => "party_building",
        PublicSentiment => "public_sentiment",
        Integrity => "integrity",
    }
}

impl Lens {
    /// The role a supervisor holds to find through this lens.
    pub fn role(self) -> Role {
        match self {
            Lens::PartyBuilding => Role::PartyBuildingMonitor,
            Lens::PublicSentiment => Role::SentimentMonitor,
            Lens::Integrity => Role::IntegrityMonitor,
        }
    }
}

labelled_enum! {
    pub enum FindingOutcome {
        Rectified => "rectified",
        NotRectified => "not_rectified",
        Unfounded => "unfounded",
    }
}

/// The branch's answer to a finding.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Answer {
    pub text: String,
    pub by: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct SupervisionFinding {
    pub village: String,
    pub lens: Lens,
    /// The supervisor's person id: the author of the finding and of its outcome.
    pub by: String,
    pub at: i64,
    /// The list and item the finding is against, if any.
    pub list: Option<String>,
    pub item: Option<String>,
    pub text: Text,
    pub answer: Option<Answer>,
    pub outcome: Option<FindingOutcome>,
    pub outcome_at: Option<i64>,
}

impl SupervisionFinding {
    pub fn record(
        village: String,
        lens: Lens,
        by: String,
        against: Option<(String, String)>,
        text: String,
        now: i64,
    ) -> Result<Self> {
        require_text("text", &text)?;
        let (list, item) = against.unzip();
        let f = Self {
            village,
            lens,
            by,
            at: now,
            list,
            item,
            text: Text::with_value(text),
            answer: None,
            outcome: None,
            outcome_at: None,
        };
        f.validate()?;
        Ok(f)
    }

    /// The branch answers: what it did or will do about the finding.
    pub fn answer(&mut self, text: String, by: String, now: i64) -> Result<()> {
        if self.outcome.is_some() {
            return Err(DomainError::transition(
                RecordKind::SupervisionFinding,
                Step::Answer,
                Standing::Concluded,
            ));
        }
        require_text("answer", &text)?;
        require_id("by", &by)?;
        self.answer = Some(Answer { text, by, at: now });
        Ok(())
    }

    /// The supervisor concludes the finding once the branch has answered.
    pub fn conclude(&mut self, outcome: FindingOutcome, now: i64) -> Result<()> {
        if self.outcome.is_some() {
            return Err(DomainError::transition(
                RecordKind::SupervisionFinding,
                Step::Conclude,
                Standing::Concluded,
            ));
        }
        if self.answer.is_none() {
            return Err(DomainError::transition(
                RecordKind::SupervisionFinding,
                Step::Conclude,
                Standing::AwaitingBranchAnswer,
            ));
        }
        self.outcome = Some(outcome);
        self.outcome_at = Some(now);
        Ok(())
    }

    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }
}

impl Record for SupervisionFinding {
    fn scope_org(&self) -> &str {
        &self.village
    }

    fn validate(&self) -> Result<()> {
        require_id("village", &self.village)?;
        require_id("by", &self.by)?;
        if self.list.is_some() != self.item.is_some() {
            return Err(DomainError::invalid(
                "item",
                Reason::FindingNamesListAndItem,
            ));
        }
        if let Some(l) = &self.list {
            require_id("list", l)?;
        }
        if self.outcome.is_some() && self.answer.is_none() {
            return Err(DomainError::invalid(
                "outcome",
                Reason::ConcludedBeforeAnswer,
            ));
        }
        if self.outcome.is_some() != self.outcome_at.is_some() {
            return Err(DomainError::invalid("outcome_at", Reason::SetWhenConcluded));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn the_supervisor_concludes_only_after_the_branch_answers() {
        let mut f = SupervisionFinding::record(
            Id::new().to_string(),
            Lens::Integrity,
            Id::new().to_string(),
            None,
            "低保名单未公示".into(),
            1,
        )
        .unwrap();
        assert!(f.conclude(FindingOutcome::Rectified, 2).is_err());
        f.answer("已于村务公开栏公示".into(), Id::new().to_string(), 3)
            .unwrap();
        f.conclude(FindingOutcome::Rectified, 4).unwrap();
        assert!(!f.is_open());
        assert!(f.answer("再答复".into(), Id::new().to_string(), 5).is_err());
        assert!(f.conclude(FindingOutcome::NotRectified, 6).is_err());
    }

    #[test]
    fn a_finding_names_both_list_and_item_or_neither() {
        let list = Id::new().to_string();
        assert!(
            SupervisionFinding::record(
                Id::new().to_string(),
                Lens::PartyBuilding,
                Id::new().to_string(),
                Some((list, "item-1".into())),
                "三会一课记录不全".into(),
                1,
            )
            .is_ok()
        );
        assert!(
            SupervisionFinding::record(
                Id::new().to_string(),
                Lens::PartyBuilding,
                Id::new().to_string(),
                None,
                " ".into(),
                1,
            )
            .is_err()
        );
    }
}
