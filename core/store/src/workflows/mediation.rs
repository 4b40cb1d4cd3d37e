//! Dispute mediation by a police–village branch, and its service log.

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::mediation::{CaseCategory, CaseStatus, MediationCase, Outcome};
use steppe_domain::service_log::{ServiceKind, ServiceLog};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: Id,
    pub branch: Id,
    pub category: CaseCategory,
    pub status: CaseStatus,
    pub outcome: Option<Outcome>,
    pub place: String,
    pub opened_at: i64,
    pub entries: i64,
    pub last_activity: i64,
}

/// Counts of a branch's service log by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCount {
    pub kind: ServiceKind,
    pub entries: i64,
    pub people: i64,
}

/// A dispute as the mediator first records it, for [`Steppe::open_case`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub branch: Id,
    pub category: CaseCategory,
    pub place: String,
    pub description: String,
    pub parties: Vec<String>,
    pub mediators: Vec<String>,
}

/// One entry of a branch's service log, for [`Steppe::log_service`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceEntry {
    pub branch: Id,
    pub kind: ServiceKind,
    pub people_served: i64,
    pub summary: String,
    /// The case the service belongs to, if any.
    pub case: Option<Id>,
}

/// Which of a branch's cases a list shows: by status, category and when they were opened
/// (`[from, to)` in milliseconds); `None` is any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub category: Option<CaseCategory>,
    pub opened: Option<(i64, i64)>,
}

/// A `cases` row as SQLite gives it, before its codes and ids are parsed.
struct RawCase(
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
    i64,
);

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawCase> {
    Ok(RawCase(
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

impl RawCase {
    fn into_row(self) -> Result<CaseRow> {
        let RawCase(
            id,
            branch,
            category,
            status,
            outcome,
            place,
            opened_at,
            entries,
            last_activity,
        ) = self;
        Ok(CaseRow {
            id: parse_id(&id)?,
            branch: parse_id(&branch)?,
            category: CaseCategory::parse(&category).unwrap_or(CaseCategory::Other),
            status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Open),
            outcome: outcome.as_deref().and_then(Outcome::parse),
            place,
            opened_at,
            entries,
            last_activity,
        })
    }
}

impl Steppe {
    pub fn open_case(&self, new: NewCase) -> Result<Id> {
        let NewCase {
            branch,
            category,
            place,
            description,
            parties,
            mediators,
        } = new;
        self.read(|c| scope::org_kind(c, branch))?;
        let case = MediationCase::open(
            branch.to_string(),
            category,
            place,
            description,
            parties,
            mediators,
            self.now(),
        )?;
        self.create(&case, Command::CaseOpen)
    }

    pub fn edit_case_description(&self, case: Id, description: &str) -> Result<()> {
        self.update::<MediationCase, _>(case, Command::CaseEditDescription, |c, _, _| {
            Ok(c.edit_description(description)?)
        })
    }

    pub fn set_case_place(&self, case: Id, place: &str) -> Result<()> {
        self.update::<MediationCase, _>(case, Command::CaseSetPlace, |c, _, _| {
            Ok(c.set_place(place.to_string())?)
        })
    }

    pub fn add_case_note(&self, case: Id, body: &str) -> Result<String> {
        let author = self.identity().user_name.clone();
        let id = Id::new().to_string();
        self.update::<MediationCase, _>(case, Command::CaseAddNote, |c, _, now| {
            c.add_note(id.clone(), body.to_string(), author, now)?;
            Ok(id)
        })
    }

    pub fn add_case_visit(&self, case: Id, body: &str) -> Result<String> {
        let author = self.identity().user_name.clone();
        let id = Id::new().to_string();
        self.update::<MediationCase, _>(case, Command::CaseAddVisit, |c, _, now| {
            c.add_visit(id.clone(), body.to_string(), author, now)?;
            Ok(id)
        })
    }

    pub fn add_case_party(&self, case: Id, party: &str) -> Result<()> {
        self.update::<MediationCase, _>(case, Command::CaseAddParty, |c, _, _| {
            Ok(c.add_party(party.to_string())?)
        })
    }

    /// Closes a case: an agreement needs its text, a referral where it went.
    pub fn close_case(&self, case: Id, outcome: Outcome, detail: Option<&str>) -> Result<()> {
        self.update::<MediationCase, _>(case, Command::CaseClose, |c, _, now| {
            Ok(c.close(outcome, detail.map(str::to_string), now)?)
        })
    }

    /// Takes a closed case up again, saying why (the reason joins the timeline).
    pub fn reopen_case(&self, case: Id, reason: &str) -> Result<String> {
        let author = self.identity().user_name.clone();
        let id = Id::new().to_string();
        self.update::<MediationCase, _>(case, Command::CaseReopen, |c, _, now| {
            c.reopen(id.clone(), reason.to_string(), author, now)?;
            Ok(id)
        })
    }

    pub fn add_follow_up(&self, case: Id, note: &str) -> Result<String> {
        let author = self.identity().user_name.clone();
        let id = Id::new().to_string();
        self.update::<MediationCase, _>(case, Command::CaseFollowUp, |c, _, now| {
            c.add_follow_up(id.clone(), note.to_string(), author, now)?;
            Ok(id)
        })
    }

    /// A branch's cases, newest first, optionally only open or closed ones; a page at a time.
    /// A branch's own cases chosen by `filter`, newest first, a page of them.
    pub fn cases_where(
        &self,
        branch: Id,
        filter: &CaseFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>> {
        if filter.category.is_none() && filter.opened.is_none() {
            return self.cases(branch, filter.status, limit, offset);
        }
        let (from, to) = filter.opened.unwrap_or((i64::MIN, i64::MAX));
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, branch, category, status, outcome, place, opened_at, entries, last_activity FROM cases
                 WHERE branch = ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR category = ?3)
                   AND opened_at >= ?4 AND opened_at < ?5
                 ORDER BY opened_at DESC, id LIMIT ?6 OFFSET ?7",
            )?;
            let rows = stmt.query_map(
                params![
                    branch.to_string(),
                    filter.status.map(|s| s.code()),
                    filter.category.map(|c| c.code()),
                    from,
                    to,
                    limit,
                    offset
                ],
                case_row,
            )?;
            rows.map(|r| r?.into_row()).collect()
        })
    }

    pub fn cases(
        &self,
        branch: Id,
        status: Option<CaseStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>> {
        self.read(|c| {
            // Two statements rather than `(?2 IS NULL OR status = ?2)`, which no index serves:
            // each reads its covering index in order and stops after the page.
            let mut stmt = c.prepare_cached(if status.is_some() {
                "SELECT id, branch, category, status, outcome, place, opened_at, entries, last_activity FROM cases
                 WHERE branch = ?1 AND status = ?2 ORDER BY opened_at DESC, id LIMIT ?3 OFFSET ?4"
            } else {
                "SELECT id, branch, category, status, outcome, place, opened_at, entries, last_activity FROM cases
                 WHERE branch = ?1 AND ?2 IS NULL ORDER BY opened_at DESC, id LIMIT ?3 OFFSET ?4"
            })?;
            let rows = stmt.query_map(params![branch.to_string(), status.map(|s| s.code()), limit, offset], case_row)?;
            rows.map(|r| r?.into_row()).collect()
        })
    }

    pub fn log_service(&self, new: NewServiceEntry) -> Result<Id> {
        let NewServiceEntry {
            branch,
            kind,
            people_served,
            summary,
            case,
        } = new;
        self.read(|c| scope::org_kind(c, branch))?;
        let s = ServiceLog::new(
            branch.to_string(),
            kind,
            self.now(),
            people_served,
            summary,
            case.map(|c| c.to_string()),
        )?;
        self.create(&s, Command::ServiceLog)
    }

    /// A branch's service log in `[from, to)`, counted by kind.
    pub fn service_counts(&self, branch: Id, from: i64, to: i64) -> Result<Vec<ServiceCount>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT kind, COUNT(*), SUM(people) FROM service_logs WHERE branch = ?1 AND at >= ?2 AND at < ?3 GROUP BY kind ORDER BY kind",
            )?;
            let rows: Vec<(String, i64, i64)> =
                stmt.query_map(params![branch.to_string(), from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
            Ok(rows.into_iter().filter_map(|(k, n, p)| Some(ServiceCount { kind: ServiceKind::parse(&k)?, entries: n, people: p })).collect())
        })
    }
}
