//! Organisational life meetings with their rectification items, and democratic evaluation.

use rusqlite::params;
use steppe_domain::authz::Role;
use steppe_domain::command::Command;
use steppe_domain::evaluation::{DemocraticEvaluation, Grade};
use steppe_domain::org::OrgKind;
use steppe_domain::org_life::{AttendeeRole, ItemKind, MeetingKind, OrgLifeMeeting};
use steppe_domain::reason::{Reason, Standing, Step};
use steppe_domain::{DomainError, Id, RecordKind};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgLifeRow {
    pub id: Id,
    pub kind: MeetingKind,
    pub held_at: i64,
    pub open_items: i64,
    pub done_items: i64,
}

/// One member's democratic evaluation in a branch's year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationRow {
    pub id: Id,
    pub member: Id,
    /// The member's name, where this device holds their person record.
    pub member_name: Option<String>,
    pub result: Option<Grade>,
}

/// A branch's meeting as held, for [`Steppe::record_org_life_meeting`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrgLifeMeeting {
    pub branch: Id,
    pub kind: MeetingKind,
    /// Milliseconds since the Unix epoch.
    pub held_at: i64,
}

impl Steppe {
    pub fn record_org_life_meeting(&self, new: NewOrgLifeMeeting) -> Result<Id> {
        let NewOrgLifeMeeting {
            branch,
            kind,
            held_at,
        } = new;
        self.read(|c| scope::org_kind(c, branch))?;
        let m = OrgLifeMeeting::new(branch.to_string(), kind, held_at)?;
        self.create(&m, Command::OrgLifeRecord)
    }

    pub fn add_org_life_item(&self, meeting: Id, kind: ItemKind, text: &str) -> Result<String> {
        let id = Id::new().to_string();
        self.update::<OrgLifeMeeting, _>(meeting, Command::OrgLifeItem, |m, _, now| {
            m.add_item(id.clone(), kind, text.to_string(), now)?;
            Ok(id)
        })
    }

    /// Records who attended a meeting. An instructor must be assigned (hold the instructor's
    /// role) to the meeting's unit, a unit above it, or a grid of the same community.
    pub fn add_meeting_attendee(
        &self,
        meeting: Id,
        role: AttendeeRole,
        name: &str,
        person: Option<Id>,
    ) -> Result<String> {
        let id = Id::new().to_string();
        self.update::<OrgLifeMeeting, _>(meeting, Command::OrgLifeAttendee, |m, tx, _| {
            if role == AttendeeRole::Instructor {
                let assigned = person
                    .is_some_and(|p| instructs(tx, &p.to_string(), &m.branch).unwrap_or(false));
                if !assigned {
                    return Err(DomainError::NotAllowed {
                        reason: Reason::InstructorOwnGrids,
                    }
                    .into());
                }
            }
            m.attend(
                id.clone(),
                role,
                name.to_string(),
                person.map(|p| p.to_string()),
            )?;
            Ok(id)
        })
    }

    pub fn add_rectification(
        &self,
        meeting: Id,
        text: &str,
        owner: &str,
        due: Option<i64>,
    ) -> Result<String> {
        let id = Id::new().to_string();
        self.update::<OrgLifeMeeting, _>(meeting, Command::OrgLifeRectification, |m, _, _| {
            m.add_rectification(id.clone(), text.to_string(), owner.to_string(), due)?;
            Ok(id)
        })
    }

    pub fn complete_rectification(&self, meeting: Id, item: &str) -> Result<()> {
        self.update::<OrgLifeMeeting, _>(meeting, Command::OrgLifeComplete, |m, _, now| {
            Ok(m.complete_rectification(item, now)?)
        })
    }

    pub fn org_life_meetings(&self, branch: Id) -> Result<Vec<OrgLifeRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT id, kind, held_at, open_items, done_items FROM org_life WHERE branch = ?1 ORDER BY held_at DESC, id")?;
            let rows: Vec<(String, String, i64, i64, i64)> =
                stmt.query_map([branch.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?.collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, kind, held_at, open_items, done_items)| {
                    Ok(OrgLifeRow { id: parse_id(&id)?, kind: MeetingKind::parse(&kind).unwrap_or(MeetingKind::OrganisationalLife), held_at, open_items, done_items })
                })
                .collect()
        })
    }

    /// Opens `member`'s evaluation of `year`: one per member and year, under the id both give,
    /// so a second opening (here, or on another phone) is the same record.
    pub fn open_evaluation(&self, branch: Id, member: Id, year: i64) -> Result<Id> {
        self.read(|c| scope::org_kind(c, branch))?;
        let id = DemocraticEvaluation::id_for(&member.to_string(), year);
        if self.holds(id)? {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                Step::Open,
                Standing::AlreadyOpenForYear,
            )
            .into());
        }
        let e = DemocraticEvaluation::new(branch.to_string(), member.to_string(), year)?;
        self.create_with_id(id, &e, Command::EvaluationOpen)
    }

    /// This device's user's self-assessment: only the evaluated member writes it (the server
    /// refuses anyone else's, so the phone does not offer to).
    pub fn assess_self(&self, evaluation: Id, text: &str) -> Result<()> {
        let me = self.identity().user_id.clone();
        self.update::<DemocraticEvaluation, _>(evaluation, Command::EvaluationSelf, |e, _, _| {
            if e.member != me {
                return Err(DomainError::NotAllowed {
                    reason: Reason::OnlyMemberSelfAssesses,
                }
                .into());
            }
            Ok(e.assess_self(text.to_string())?)
        })
    }

    /// This device's user's assessment of the evaluated member, beside the others'.
    pub fn assess_mutually(&self, evaluation: Id, text: &str) -> Result<()> {
        let by = self.identity().user_id.clone();
        self.update::<DemocraticEvaluation, _>(
            evaluation,
            Command::EvaluationMutual,
            |e, _, now| Ok(e.assess_mutually(Id::new().to_string(), by, text.to_string(), now)?),
        )
    }

    /// The branch's rule for the vote: the percentage a grade needs.
    pub fn set_evaluation_rule(&self, evaluation: Id, pass_percent: i64) -> Result<()> {
        self.update::<DemocraticEvaluation, _>(evaluation, Command::EvaluationRule, |e, _, _| {
            Ok(e.set_pass_percent(pass_percent)?)
        })
    }

    pub fn record_votes(&self, evaluation: Id, votes: &[(Grade, i64)]) -> Result<()> {
        self.update::<DemocraticEvaluation, _>(evaluation, Command::EvaluationVotes, |e, _, _| {
            Ok(e.record_votes(votes)?)
        })
    }

    /// Records the result the tallies give under the branch's rule, and returns it.
    pub fn record_evaluation_result(&self, evaluation: Id) -> Result<Grade> {
        self.update::<DemocraticEvaluation, _>(evaluation, Command::EvaluationResult, |e, _, _| {
            Ok(e.record_result()?)
        })
    }

    /// A branch's evaluation results for a year: (member, grade if recorded).
    pub fn evaluation_results(&self, branch: Id, year: i64) -> Result<Vec<EvaluationRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT e.id, e.member, p.name, e.result FROM evaluations e LEFT JOIN people p ON p.id = e.member
                 WHERE e.branch = ?1 AND e.year = ?2 ORDER BY p.name, e.member",
            )?;
            let rows: Vec<(String, String, Option<String>, Option<String>)> = stmt
                .query_map(params![branch.to_string(), year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, member, member_name, result)| {
                    Ok(EvaluationRow {
                        id: parse_id(&id)?,
                        member: parse_id(&member)?,
                        member_name,
                        result: result.as_deref().and_then(Grade::parse),
                    })
                })
                .collect()
        })
    }
}

/// Whether `person` holds the instructor's role on `branch`, a unit above it, or a grid beside
/// it under one of those units (grids and Party branches are not one-to-one).
fn instructs(conn: &rusqlite::Connection, person: &str, branch: &str) -> Result<bool> {
    let lineage = scope::lineage(conn, branch);
    let grants = scope::grants_of(conn, person)?;
    for g in grants.iter().filter(|g| g.role == Role::Instructor) {
        if lineage.contains(&g.org) {
            return Ok(true);
        }
        let parent: Option<String> = conn
            .prepare_cached("SELECT parent FROM orgs WHERE id = ?1 AND kind = ?2")?
            .query_row(params![g.org, OrgKind::Grid.code()], |r| r.get(0))
            .ok()
            .flatten();
        if parent.is_some_and(|p| lineage.contains(&p)) {
            return Ok(true);
        }
    }
    Ok(false)
}
