//! Residents' requests through the five steps, and the joint meetings that decide them.

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::joint_meeting::{JointMeeting, JointParty};
use steppe_domain::request::{Hand, RequestStep, ResidentRequest};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: Id,
    pub community: Id,
    pub title: String,
    pub step: RequestStep,
    pub satisfied: Option<bool>,
    pub rounds: i64,
    pub raised_at: i64,
}

/// A resident's request as a community worker takes it down, for [`Steppe::raise_request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub community: Id,
    pub title: String,
    pub description: String,
    /// Who raised it, as they gave their name.
    pub raised_by: String,
}

/// A joint meeting of a community's organisations, for [`Steppe::record_joint_meeting`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJointMeeting {
    pub community: Id,
    /// Milliseconds since the Unix epoch.
    pub held_at: i64,
    /// Each of the three parties with its representative, or `None` where it was absent.
    pub parties: Vec<(JointParty, Option<String>)>,
    /// Everyone else who took part.
    pub participants: Vec<String>,
    pub topics: Vec<String>,
}

/// The residents' verdict on a request's work, for [`Steppe::evaluate_request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub satisfied: bool,
    pub comment: String,
    /// The residents whose verdict it is (at least one).
    pub residents: Vec<String>,
}

impl Steppe {
    pub fn raise_request(&self, new: NewRequest) -> Result<Id> {
        let NewRequest {
            community,
            title,
            description,
            raised_by,
        } = new;
        self.read(|c| scope::org_kind(c, community))?;
        let r = ResidentRequest::raise(
            community.to_string(),
            title,
            description,
            raised_by,
            Id::new().to_string(),
            self.identity().user_id.to_string(),
            self.now(),
        )?;
        self.create(&r, Command::RequestRaise)
    }

    pub fn discuss_request(&self, request: Id, note: &str) -> Result<()> {
        let by = self.hand();
        self.update::<ResidentRequest, _>(request, Command::RequestDiscuss, |r, _, now| {
            Ok(r.discuss(Id::new().to_string(), note.to_string(), by, now)?)
        })
    }

    pub fn decide_request(&self, request: Id, decision: &str, meeting: Option<Id>) -> Result<()> {
        let by = self.hand();
        self.update::<ResidentRequest, _>(request, Command::RequestDecide, |r, _, now| {
            Ok(r.decide(
                Id::new().to_string(),
                decision.to_string(),
                meeting.map(|m| m.to_string()),
                by,
                now,
            )?)
        })
    }

    pub fn carry_out_request(&self, request: Id, report: &str) -> Result<()> {
        let by = self.hand();
        self.update::<ResidentRequest, _>(request, Command::RequestCarryOut, |r, _, now| {
            Ok(r.carry_out(Id::new().to_string(), report.to_string(), by, now)?)
        })
    }

    /// The residents' evaluation, collected by this device's user from `verdict.residents`;
    /// unsatisfied reopens the request.
    pub fn evaluate_request(&self, request: Id, verdict: Verdict) -> Result<()> {
        let by = self.hand();
        self.update::<ResidentRequest, _>(request, Command::RequestEvaluate, |r, _, now| {
            Ok(r.evaluate(
                Id::new().to_string(),
                verdict.satisfied,
                verdict.comment,
                verdict.residents,
                by,
                now,
            )?)
        })
    }

    /// This device's user as the steps of a request or a petition name them.
    pub(crate) fn hand(&self) -> Hand {
        Hand {
            name: self.identity().user_name.clone(),
            user: self.identity().user_id.to_string(),
        }
    }

    /// A community's requests at one step (or all), newest first — with those raised at its red
    /// stations (scoped to the station, so its volunteers can raise them).
    pub fn requests(
        &self,
        community: Id,
        step: Option<RequestStep>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<RequestRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, community, title, step, satisfied, rounds, raised_at FROM requests
                 WHERE (community = ?1 OR community IN (SELECT id FROM orgs WHERE parent = ?1 AND kind = 'red_station'))
                   AND (?2 IS NULL OR step = ?2) ORDER BY raised_at DESC, id LIMIT ?3 OFFSET ?4",
            )?;
            let rows = stmt.query_map(params![community.to_string(), step.map(|s| s.code()), limit, offset], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<bool>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, community, title, step, satisfied, rounds, raised_at) = row?;
                out.push(RequestRow {
                    id: parse_id(&id)?,
                    community: parse_id(&community)?,
                    title,
                    step: RequestStep::parse(&step).unwrap_or(RequestStep::Raised),
                    satisfied,
                    rounds,
                    raised_at,
                });
            }
            Ok(out)
        })
    }

    /// How many of a community's requests stand at each step.
    pub fn request_steps(&self, community: Id) -> Result<Vec<(RequestStep, i64)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT step, COUNT(*) FROM requests WHERE community = ?1 GROUP BY step",
            )?;
            let rows: Vec<(String, i64)> = stmt
                .query_map([community.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut out: Vec<(RequestStep, i64)> = rows
                .into_iter()
                .filter_map(|(s, n)| Some((RequestStep::parse(&s)?, n)))
                .collect();
            out.sort();
            Ok(out)
        })
    }

    pub fn record_joint_meeting(&self, new: NewJointMeeting) -> Result<Id> {
        let NewJointMeeting {
            community,
            held_at,
            parties,
            participants,
            topics,
        } = new;
        self.read(|c| scope::org_kind(c, community))?;
        let m = JointMeeting::new(
            community.to_string(),
            held_at,
            &parties,
            participants,
            topics,
        )?;
        self.create(&m, Command::MeetingRecord)
    }

    pub fn add_meeting_decision(
        &self,
        meeting: Id,
        text: &str,
        request: Option<Id>,
    ) -> Result<String> {
        let id = Id::new().to_string();
        self.update::<JointMeeting, _>(meeting, Command::MeetingDecide, |m, _, _| {
            m.decide(id.clone(), text.to_string(), request.map(|r| r.to_string()))?;
            Ok(id)
        })
    }
}
