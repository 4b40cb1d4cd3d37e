//! Dispute mediation cases of a police–village branch: parties, category, a timeline of notes
//! and visits, an outcome, and follow-up visits after closing.

use autosurgeon::{Hydrate, Reconcile, Text};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum CaseCategory {
        Neighbours => ("neighbours", "邻里纠纷"),
        PastureBoundary => ("pasture_boundary", "草场边界纠纷"),
        Family => ("family", "婚姻家庭纠纷"),
        LivestockDamage => ("livestock_damage", "牲畜损害纠纷"),
        Debt => ("debt", "债务纠纷"),
        Other => ("other", "其他纠纷"),
    }
}

labelled_enum! {
    pub enum CaseStatus {
        Open => ("open", "调解中"),
        Closed => ("closed", "已结案"),
    }
}

labelled_enum! {
    pub enum Outcome {
        Agreement => ("agreement", "达成协议"),
        Referred => ("referred", "移交处理"),
        Withdrawn => ("withdrawn", "撤回"),
        // Mediation was tried and failed: the parties did not agree and nothing was referred.
        Unresolved => ("unresolved", "调解未成"),
    }
}

labelled_enum! {
    pub enum EntryKind {
        Note => ("note", "记录"),
        Visit => ("visit", "走访"),
        // Why a closed case was taken up again; the closing before it stays in the history.
        Reopened => ("reopened", "重新调解"),
    }
}

/// One entry of the timeline. Entries are list items, so two mediators appending at once both
/// keep theirs; the body is text, so both may also correct the same entry.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct TimelineEntry {
    #[key]
    pub id: String,
    pub kind: EntryKind,
    pub at: i64,
    pub author: String,
    pub body: Text,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct FollowUp {
    #[key]
    pub id: String,
    pub at: i64,
    pub author: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct MediationCase {
    pub branch: String,
    pub category: CaseCategory,
    pub place: String,
    pub description: Text,
    pub parties: Vec<String>,
    pub mediators: Vec<String>,
    pub opened_at: i64,
    pub status: CaseStatus,
    // Outcome fields are flat scalars, not a nested object, so two mediators closing at once
    // produce per-field conflicts the supervisor can see and resolve, never a lost object.
    pub outcome: Option<Outcome>,
    pub agreement: Option<String>,
    pub referred_to: Option<String>,
    pub closed_at: Option<i64>,
    pub timeline: Vec<TimelineEntry>,
    pub follow_ups: Vec<FollowUp>,
}

impl MediationCase {
    pub fn open(
        branch: String,
        category: CaseCategory,
        place: String,
        description: String,
        parties: Vec<String>,
        mediators: Vec<String>,
        now: i64,
    ) -> Result<Self> {
        let c = Self {
            branch,
            category,
            place,
            description: Text::with_value(description),
            parties,
            mediators,
            opened_at: now,
            status: CaseStatus::Open,
            outcome: None,
            agreement: None,
            referred_to: None,
            closed_at: None,
            timeline: Vec::new(),
            follow_ups: Vec::new(),
        };
        c.validate()?;
        Ok(c)
    }

    fn require_open(&self, action: &'static str) -> Result<()> {
        if self.status != CaseStatus::Open {
            return Err(DomainError::transition(
                RecordKind::MediationCase,
                action,
                self.status.code(),
            ));
        }
        Ok(())
    }

    /// Replaces the description, as a text diff so a concurrent edit elsewhere in it survives.
    pub fn edit_description(&mut self, description: &str) -> Result<()> {
        require_text("description", description)?;
        self.description.update(description);
        Ok(())
    }

    fn append(
        &mut self,
        id: String,
        kind: EntryKind,
        body: String,
        author: String,
        now: i64,
    ) -> Result<()> {
        self.require_open(if kind == EntryKind::Note {
            "add a note to"
        } else {
            "log a visit to"
        })?;
        require_text("body", &body)?;
        require_text("author", &author)?;
        self.timeline.push(TimelineEntry {
            id,
            kind,
            at: now,
            author,
            body: Text::with_value(body),
        });
        Ok(())
    }

    pub fn add_note(&mut self, id: String, body: String, author: String, now: i64) -> Result<()> {
        self.append(id, EntryKind::Note, body, author, now)
    }

    pub fn add_visit(&mut self, id: String, body: String, author: String, now: i64) -> Result<()> {
        self.append(id, EntryKind::Visit, body, author, now)
    }

    pub fn set_place(&mut self, place: String) -> Result<()> {
        require_text("place", &place)?;
        self.place = place;
        Ok(())
    }

    pub fn add_party(&mut self, party: String) -> Result<()> {
        self.require_open("add a party to")?;
        require_text("party", &party)?;
        self.parties.push(party);
        Ok(())
    }

    /// Closes the case. An agreement needs its text; a referral needs where it went.
    pub fn close(&mut self, outcome: Outcome, detail: Option<String>, now: i64) -> Result<()> {
        self.require_open("close")?;
        let detail = detail.filter(|d| !d.trim().is_empty());
        match outcome {
            Outcome::Agreement if detail.is_none() => {
                return Err(DomainError::invalid(
                    "agreement",
                    "closing as agreed needs the agreement text",
                ));
            }
            Outcome::Referred if detail.is_none() => {
                return Err(DomainError::invalid(
                    "referred_to",
                    "closing as referred needs where it was referred",
                ));
            }
            _ => {}
        }
        self.status = CaseStatus::Closed;
        self.outcome = Some(outcome);
        self.agreement = if outcome == Outcome::Agreement {
            detail.clone()
        } else {
            None
        };
        self.referred_to = if outcome == Outcome::Referred {
            detail
        } else {
            None
        };
        self.closed_at = Some(now);
        Ok(())
    }

    /// Takes a closed case up again. The reason goes on the timeline, so the earlier outcome
    /// and why it did not hold are both on record.
    pub fn reopen(&mut self, id: String, reason: String, author: String, now: i64) -> Result<()> {
        if self.status != CaseStatus::Closed {
            return Err(DomainError::transition(
                RecordKind::MediationCase,
                "reopen",
                self.status.code(),
            ));
        }
        require_text("reason", &reason)?;
        self.timeline.push(TimelineEntry {
            id,
            kind: EntryKind::Reopened,
            at: now,
            author,
            body: Text::with_value(reason),
        });
        self.status = CaseStatus::Open;
        self.outcome = None;
        self.agreement = None;
        self.referred_to = None;
        self.closed_at = None;
        Ok(())
    }

    /// A follow-up visit after the case was closed.
    pub fn add_follow_up(
        &mut self,
        id: String,
        note: String,
        author: String,
        now: i64,
    ) -> Result<()> {
        if self.status != CaseStatus::Closed {
            return Err(DomainError::transition(
                RecordKind::MediationCase,
                "follow up",
                self.status.code(),
            ));
        }
        require_text("note", &note)?;
        self.follow_ups.push(FollowUp {
            id,
            at: now,
            author,
            note,
        });
        Ok(())
    }
}

impl Record for MediationCase {
    fn scope_org(&self) -> &str {
        &self.branch
    }

    fn validate(&self) -> Result<()> {
        require_id("branch", &self.branch)?;
        require_text("place", &self.place)?;
        require_text("description", self.description.as_str())?;
        if self.parties.len() < 2 {
            return Err(DomainError::invalid(
                "parties",
                "a dispute has at least two parties",
            ));
        }
        if self.parties.iter().any(|p| p.trim().is_empty()) {
            return Err(DomainError::invalid(
                "parties",
                "must not contain an empty name",
            ));
        }
        match (self.status, self.outcome) {
            (CaseStatus::Open, Some(_)) => {
                return Err(DomainError::invalid(
                    "outcome",
                    "an open case has no outcome",
                ));
            }
            (CaseStatus::Closed, None) => {
                return Err(DomainError::invalid(
                    "outcome",
                    "a closed case needs an outcome",
                ));
            }
            (CaseStatus::Closed, Some(Outcome::Agreement))
                if self
                    .agreement
                    .as_deref()
                    .is_none_or(|a| a.trim().is_empty()) =>
            {
                return Err(DomainError::invalid(
                    "agreement",
                    "closing as agreed needs the agreement text",
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn case() -> MediationCase {
        MediationCase::open(
            Id::new().to_string(),
            CaseCategory::PastureBoundary,
            "乌兰乌拉嘎查".into(),
            "草场围栏位置争议".into(),
            vec!["甲".into(), "乙".into()],
            vec!["民警".into()],
            1,
        )
        .unwrap()
    }

    #[test]
    fn closing_as_agreed_needs_agreement_text() {
        let mut c = case();
        let err = c.close(Outcome::Agreement, None, 2).unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput {
                field: "agreement",
                ..
            }
        ));
        let err = c
            .close(Outcome::Agreement, Some("  ".into()), 2)
            .unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput {
                field: "agreement",
                ..
            }
        ));
        c.close(Outcome::Agreement, Some("重新划分围栏".into()), 2)
            .unwrap();
        assert_eq!(c.status, CaseStatus::Closed);
        c.validate().unwrap();
    }

    #[test]
    fn referral_needs_destination_and_withdrawal_needs_nothing() {
        let mut c = case();
        assert!(c.close(Outcome::Referred, None, 2).is_err());
        c.close(Outcome::Withdrawn, None, 2).unwrap();
    }

    #[test]
    fn closed_case_takes_follow_ups_not_notes() {
        let mut c = case();
        let id = || Id::new().to_string();
        assert!(c.add_follow_up(id(), "x".into(), "m".into(), 2).is_err());
        c.add_note(id(), "first talk".into(), "m".into(), 2)
            .unwrap();
        c.add_visit(id(), "visited both".into(), "m".into(), 3)
            .unwrap();
        c.close(Outcome::Withdrawn, None, 4).unwrap();
        let err = c.add_note(id(), "late".into(), "m".into(), 5).unwrap_err();
        assert!(matches!(err, DomainError::InvalidTransition { .. }));
        assert!(c.close(Outcome::Withdrawn, None, 5).is_err());
        c.add_follow_up(id(), "all calm".into(), "m".into(), 6)
            .unwrap();
        assert_eq!(c.timeline.len(), 2);
        assert!(
            c.reopen("r".into(), " ".into(), "m".into(), 7).is_err(),
            "a reopen says why"
        );
        c.reopen("r".into(), "协议未履行".into(), "m".into(), 7)
            .unwrap();
        assert_eq!(c.timeline.last().map(|e| e.kind), Some(EntryKind::Reopened));
        assert!(c.outcome.is_none());
    }

    #[test]
    fn a_dispute_needs_two_parties_and_a_description() {
        let one = MediationCase::open(
            Id::new().to_string(),
            CaseCategory::Debt,
            "p".into(),
            "d".into(),
            vec!["a".into()],
            vec![],
            1,
        );
        assert!(matches!(
            one,
            Err(DomainError::InvalidInput {
                field: "parties",
                ..
            })
        ));
        let mut c = case();
        assert!(c.edit_description("").is_err());
        c.edit_description("围栏向东移了二十米").unwrap();
        assert_eq!(c.description.as_str(), "围栏向东移了二十米");
    }
}
