//! The mediator's calls (警地联调): cases with parties, a timeline of notes and visits, an
//! outcome, reopening with a reason, follow-up visits, and the legal-advice and difficulty
//! entries the branch counts beside its cases.

use steppe_domain::Vocabulary;
use steppe_domain::mediation::MediationCase;

use crate::error::SteppeError;
use crate::store::{SteppeStore, parse_id};
use crate::types::{CaseCategory, CaseStatus, Outcome, ServiceKind};

/// A dispute as the mediator first records it (`branch` is the branch's id).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewCase {
    pub branch: String,
    pub category: CaseCategory,
    pub place: String,
    pub description: String,
    pub parties: Vec<String>,
    #[uniffi(default)]
    pub mediators: Vec<String>,
}

/// How a case ends. `detail` is the agreement's text (`Agreement`) or where it was referred
/// (`Referred`); the other outcomes take none.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CloseCase {
    pub case_id: String,
    pub outcome: Outcome,
    #[uniffi(default)]
    pub detail: Option<String>,
}

/// A legal-advice service, a difficulty solved, or another counted service of a branch.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewServiceEntry {
    pub branch: String,
    pub kind: ServiceKind,
    pub people_served: i64,
    pub summary: String,
    /// The case it belongs to, if any.
    #[uniffi(default)]
    pub case_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CaseRow {
    pub id: String,
    pub branch: String,
    pub category: CaseCategory,
    pub category_key: String,
    pub status: CaseStatus,
    pub status_key: String,
    pub outcome: Option<Outcome>,
    pub place: String,
    pub opened_at_ms: i64,
    pub entries: i64,
    pub last_activity_ms: i64,
}

impl From<steppe_core::CaseRow> for CaseRow {
    fn from(r: steppe_core::CaseRow) -> Self {
        Self {
            id: r.id.to_string(),
            branch: r.branch.to_string(),
            category: r.category.into(),
            category_key: r.category.message_id(),
            status: r.status.into(),
            status_key: r.status.message_id(),
            outcome: r.outcome.map(Into::into),
            place: r.place,
            opened_at_ms: r.opened_at,
            entries: r.entries,
            last_activity_ms: r.last_activity,
        }
    }
}

/// One entry of a case's timeline (a note, a visit, a reopening) or a follow-up visit.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TimelineItem {
    pub id: String,
    /// `note`, `visit`, `reopened` or `follow_up`.
    pub kind: String,
    pub kind_key: String,
    pub at_ms: i64,
    pub author: String,
    pub body: String,
}

/// A mediation case as its editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CaseDetail {
    pub id: String,
    pub branch: String,
    pub category: CaseCategory,
    pub category_key: String,
    pub place: String,
    pub description: String,
    pub parties: Vec<String>,
    pub mediators: Vec<String>,
    pub status: CaseStatus,
    pub status_key: String,
    pub outcome: Option<Outcome>,
    pub outcome_key: Option<String>,
    pub agreement: Option<String>,
    pub referred_to: Option<String>,
    pub timeline: Vec<TimelineItem>,
    pub follow_ups: Vec<TimelineItem>,
}

impl CaseDetail {
    fn new(id: String, c: MediationCase) -> Self {
        Self {
            id,
            branch: c.branch,
            category: c.category.into(),
            category_key: c.category.message_id(),
            place: c.place,
            description: c.description.as_str().to_string(),
            parties: c.parties,
            mediators: c.mediators,
            status: c.status.into(),
            status_key: c.status.message_id(),
            outcome: c.outcome.map(Into::into),
            outcome_key: c.outcome.map(|o| o.message_id()),
            agreement: c.agreement,
            referred_to: c.referred_to,
            timeline: c
                .timeline
                .into_iter()
                .map(|e| TimelineItem {
                    id: e.id,
                    kind: e.kind.code().into(),
                    kind_key: e.kind.message_id(),
                    at_ms: e.at,
                    author: e.author,
                    body: e.body.as_str().to_string(),
                })
                .collect(),
            follow_ups: c
                .follow_ups
                .into_iter()
                .map(|f| TimelineItem {
                    id: f.id,
                    kind: "follow_up".into(),
                    kind_key: "follow_up_visit".into(),
                    at_ms: f.at,
                    author: f.author,
                    body: f.note,
                })
                .collect(),
        }
    }
}

/// A branch's services of one kind in a period.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceCount {
    pub kind: ServiceKind,
    pub kind_key: String,
    pub entries: i64,
    pub people: i64,
}

#[uniffi::export]
impl SteppeStore {
    pub fn open_case(&self, case: NewCase) -> Result<String, SteppeError> {
        let case = steppe_core::NewCase {
            branch: parse_id(&case.branch)?,
            category: case.category.into(),
            place: case.place,
            description: case.description,
            parties: case.parties,
            mediators: case.mediators,
        };
        Ok(self.store.open_case(case)?.to_string())
    }

    pub fn add_case_note(&self, case_id: String, body: String) -> Result<String, SteppeError> {
        Ok(self.store.add_case_note(parse_id(&case_id)?, &body)?)
    }

    pub fn add_case_visit(&self, case_id: String, body: String) -> Result<String, SteppeError> {
        Ok(self.store.add_case_visit(parse_id(&case_id)?, &body)?)
    }

    pub fn close_case(&self, close: CloseCase) -> Result<(), SteppeError> {
        Ok(self.store.close_case(
            parse_id(&close.case_id)?,
            close.outcome.into(),
            close.detail.as_deref(),
        )?)
    }

    /// Takes a closed case up again; `reason` joins its timeline.
    pub fn reopen_case(&self, case_id: String, reason: String) -> Result<String, SteppeError> {
        Ok(self.store.reopen_case(parse_id(&case_id)?, &reason)?)
    }

    /// A follow-up visit to a closed case.
    pub fn add_follow_up(&self, case_id: String, note: String) -> Result<String, SteppeError> {
        Ok(self.store.add_follow_up(parse_id(&case_id)?, &note)?)
    }

    /// A branch's cases, newest first, optionally only open or closed ones; a page at a time.
    pub fn cases(
        &self,
        branch: String,
        status: Option<CaseStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>, SteppeError> {
        let rows = self
            .store
            .cases(parse_id(&branch)?, status.map(Into::into), limit, offset)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub fn case_detail(&self, case_id: String) -> Result<CaseDetail, SteppeError> {
        let case: MediationCase = self.store.get(parse_id(&case_id)?)?;
        Ok(CaseDetail::new(case_id, case))
    }

    /// Records a legal-advice service, a difficulty solved, or another counted service.
    pub fn log_service(&self, entry: NewServiceEntry) -> Result<String, SteppeError> {
        let entry = steppe_core::NewServiceEntry {
            branch: parse_id(&entry.branch)?,
            kind: entry.kind.into(),
            people_served: entry.people_served,
            summary: entry.summary,
            case: entry.case_id.as_deref().map(parse_id).transpose()?,
        };
        Ok(self.store.log_service(entry)?.to_string())
    }

    /// A branch's services per kind in `[from_ms, to_ms)`.
    pub fn service_counts(
        &self,
        branch: String,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<ServiceCount>, SteppeError> {
        let rows = self
            .store
            .service_counts(parse_id(&branch)?, from_ms, to_ms)?;
        Ok(rows
            .into_iter()
            .map(|r| ServiceCount {
                kind: r.kind.into(),
                kind_key: r.kind.message_id(),
                entries: r.entries,
                people: r.people,
            })
            .collect())
    }
}
