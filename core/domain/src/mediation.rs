//! Dispute mediation cases of a police–village branch: parties, category, a timeline of notes
//! and visits, an outcome, and follow-up visits after closing.

use crate::reason::{Reason, Step};
use autosurgeon::{Hydrate, Reconcile, Text};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum CaseCategory {
        Neighbours => "neighbours",
        PastureBoundary => "pasture_boundary",
        Family => "family",
        LivestockDamage => "livestock_damage",
        Debt => "debt",
        Other => "other",
    }
}

labelled_enum! {
    pub enum CaseStatus {
        Open => "open",
        Closed => "closed",
    }
}

labelled_enum! {
    pub enum Outcome {
        Agreement => "agreement",
        Referred => "referred",
        Withdrawn => "withdrawn",
        // Mediation was tried and failed: the parties did not agree and nothing was referred.
        Unresolved => "unresolved",
    }
}

labelled_enum! {
    pub enum EntryKind {
        Note => "note",
        Visit => "visit",
        // Why a closed case was taken up again; the closing before it stays in the history.
        Reopened => "reopened",
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

    fn require_open(&self, action: Step) -> Result<()> {
        if self.status != CaseStatus::Open {
            return Err(DomainError::transition(
                RecordKind::MediationCase,
                action,
                self.status,
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
            Step::AddNote
        } else {
            Step::LogVisit
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
        self.require_open(Step::AddParty)?;
        require_text("party", &party)?;
        self.parties.push(party);
        Ok(())
    }

    /// Closes the case. An agreement needs its text; a referral needs where it went.
    pub fn close(&mut self, outcome: Outcome, detail: Option<String>, now: i64) -> Result<()> {
        self.require_open(Step::Close)?;
        let detail = detail.filter(|d| !d.trim().is_empty());
        match outcome {
            Outcome::Agreement if detail.is_none() => {
                return Err(DomainError::invalid(
                    "agreement",
                    Reason::AgreementNeedsText,
                ));
            }
            Outcome::Referred if detail.is_none() => {
                return Err(DomainError::invalid(
                    "referred_to",
                    Reason::ReferralNeedsTarget,
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
                Step::Reopen,
                self.status,
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
                Step::FollowUp,
                self.status,
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
                Reason::DisputeNeedsTwoParties,
            ));
        }
        if self.parties.iter().any(|p| p.trim().is_empty()) {
            return Err(DomainError::invalid("parties", Reason::NoEmptyName));
        }
        match (self.status, self.outcome) {
            (CaseStatus::Open, Some(_)) => {
                return Err(DomainError::invalid(
                    "outcome",
                    Reason::OpenCaseHasNoOutcome,
                ));
            }
            (CaseStatus::Closed, None) => {
                return Err(DomainError::invalid(
                    "outcome",
                    Reason::ClosedCaseNeedsOutcome,
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
                    Reason::AgreementNeedsText,
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
