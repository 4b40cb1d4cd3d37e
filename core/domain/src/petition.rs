//! 信访代办 — a petition a village's agency point takes on a resident's behalf and follows to
//! its conclusion, so that the resident goes to one place, once (最多跑一地、最多跑一次): each step
//! with who carried it and, when it went on, to which department; every time the resident had
//! to come in person; the reply, and the conclusion with the resident's verdict.

use crate::reason::{Reason, Standing, Step};
use autosurgeon::{Hydrate, Reconcile, Text};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::hand::Hand;
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum PetitionStepKind {
        Received => "received",
        Forwarded => "forwarded",
        Progress => "progress",
        Replied => "replied",
        Concluded => "concluded",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct PetitionStep {
    #[key]
    pub id: String,
    pub kind: PetitionStepKind,
    pub at: i64,
    /// The name people read, and the user who logged it (checked against the change's author).
    pub by: String,
    pub user: String,
    /// The department it went to, on a forwarding.
    pub to: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Petition {
    /// The village (or community) whose agency point took it.
    pub village: String,
    pub petitioner: String,
    pub matter: Text,
    pub steps: Vec<PetitionStep>,
    /// Each time the resident came in person, the first included: the goal is one.
    pub visits: Vec<i64>,
    /// The resident's verdict at the conclusion.
    pub satisfied: Option<bool>,
}

impl Petition {
    /// The agency point takes the petition: its first step, and the resident's first visit.
    pub fn receive(
        village: String,
        petitioner: String,
        matter: String,
        entry: String,
        by: Hand,
        now: i64,
    ) -> Result<Self> {
        require_text("matter", &matter)?;
        let mut p = Self {
            village,
            petitioner,
            matter: Text::with_value(matter),
            steps: Vec::new(),
            visits: vec![now],
            satisfied: None,
        };
        p.log(
            entry,
            PetitionStepKind::Received,
            by,
            None,
            String::new(),
            now,
        );
        p.validate()?;
        Ok(p)
    }

    fn log(
        &mut self,
        id: String,
        kind: PetitionStepKind,
        by: Hand,
        to: Option<String>,
        note: String,
        now: i64,
    ) {
        self.steps.push(PetitionStep {
            id,
            kind,
            at: now,
            by: by.name,
            user: by.user,
            to,
            note,
        });
    }

    pub fn is_concluded(&self) -> bool {
        self.steps
            .iter()
            .any(|s| s.kind == PetitionStepKind::Concluded)
    }

    fn require_open(&self, action: Step) -> Result<()> {
        if self.is_concluded() {
            return Err(DomainError::transition(
                RecordKind::Petition,
                action,
                Standing::Concluded,
            ));
        }
        Ok(())
    }

    /// A step on the way: forwarded to a department (`to`), progress, or the reply.
    pub fn step(
        &mut self,
        entry: String,
        kind: PetitionStepKind,
        to: Option<String>,
        note: String,
        by: Hand,
        now: i64,
    ) -> Result<()> {
        self.require_open(Step::AddStep)?;
        match kind {
            PetitionStepKind::Received | PetitionStepKind::Concluded => {
                return Err(DomainError::invalid("kind", Reason::ReceivedOnce));
            }
            PetitionStepKind::Forwarded if to.as_deref().is_none_or(|t| t.trim().is_empty()) => {
                return Err(DomainError::invalid("to", Reason::NameDepartment));
            }
            _ => {}
        }
        require_text("note", &note)?;
        self.log(entry, kind, by, to, note, now);
        Ok(())
    }

    /// The resident had to come in person again.
    pub fn visit(&mut self, now: i64) -> Result<()> {
        self.require_open(Step::RecordVisit)?;
        self.visits.push(now);
        Ok(())
    }

    /// Concluded, after the reply, with the resident's verdict.
    pub fn conclude(
        &mut self,
        entry: String,
        satisfied: bool,
        note: String,
        by: Hand,
        now: i64,
    ) -> Result<()> {
        self.require_open(Step::Conclude)?;
        if !self
            .steps
            .iter()
            .any(|s| s.kind == PetitionStepKind::Replied)
        {
            return Err(DomainError::transition(
                RecordKind::Petition,
                Step::Conclude,
                Standing::AwaitingReply,
            ));
        }
        self.satisfied = Some(satisfied);
        self.log(entry, PetitionStepKind::Concluded, by, None, note, now);
        Ok(())
    }

    pub fn received_at(&self) -> i64 {
        self.steps.first().map_or(0, |s| s.at)
    }

    pub fn concluded_at(&self) -> Option<i64> {
        self.steps
            .iter()
            .find(|s| s.kind == PetitionStepKind::Concluded)
            .map(|s| s.at)
    }
}

impl Record for Petition {
    fn scope_org(&self) -> &str {
        &self.village
    }

    fn validate(&self) -> Result<()> {
        require_id("village", &self.village)?;
        require_text("petitioner", &self.petitioner)?;
        if self.steps.first().map(|s| s.kind) != Some(PetitionStepKind::Received) {
            return Err(DomainError::invalid(
                "steps",
                Reason::PetitionStartsReceived,
            ));
        }
        if self.visits.is_empty() {
            return Err(DomainError::invalid("visits", Reason::ResidentCameOnce));
        }
        if self.is_concluded() != self.satisfied.is_some() {
            return Err(DomainError::invalid(
                "satisfied",
                Reason::VerdictWithConclusion,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn hand() -> Hand {
        Hand {
            name: "代办员 乌云".into(),
            user: Id::new().to_string(),
        }
    }

    #[test]
    fn a_petition_goes_from_receipt_through_reply_to_conclusion() {
        let mut p = Petition::receive(
            Id::new().to_string(),
            "牧民 巴特尔".into(),
            "草原补奖资金未到账".into(),
            "s1".into(),
            hand(),
            1,
        )
        .unwrap();
        assert!(
            p.step(
                "s2".into(),
                PetitionStepKind::Forwarded,
                None,
                "转".into(),
                hand(),
                2
            )
            .is_err(),
            "a forwarding names its department"
        );
        p.step(
            "s2".into(),
            PetitionStepKind::Forwarded,
            Some("苏木农牧业综合服务站".into()),
            "转交核查".into(),
            hand(),
            2,
        )
        .unwrap();
        assert!(
            p.conclude("s3".into(), true, "办结".into(), hand(), 3)
                .is_err(),
            "concluded only after the reply"
        );
        p.step(
            "s3".into(),
            PetitionStepKind::Replied,
            None,
            "资金已补发".into(),
            hand(),
            4,
        )
        .unwrap();
        p.conclude("s4".into(), true, "群众满意".into(), hand(), 5)
            .unwrap();
        assert_eq!((p.received_at(), p.concluded_at()), (1, Some(5)));
        assert_eq!(p.visits.len(), 1, "the resident came once");
        assert!(p.visit(6).is_err(), "nothing after the conclusion");
        p.validate().unwrap();
    }
}
