//! The community and grid worker's calls: residents' requests through 民事民提 → 民事民议 →
//! 民事民决 → 民事民办 → 民事民评 (an unsatisfied evaluation reopens it), the joint meetings that
//! decide them, tagged households and their visits, and in-service members' service (双报到).

use std::collections::BTreeSet;
use steppe_domain::Vocabulary;

use steppe_domain::household::Household;
use steppe_domain::joint_meeting::JointMeeting;
use steppe_domain::request::ResidentRequest;

use crate::error::SteppeError;
use crate::store::{SteppeStore, parse_id};
use crate::types::{HouseholdTag, JointParty, RequestStep, VisitMode};

/// A resident's request as a community worker takes it down.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewRequest {
    pub community: String,
    pub title: String,
    pub description: String,
    /// Who raised it, as they gave their name.
    pub raised_by: String,
}

/// A decision on a request, possibly taken at a joint meeting (its id).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DecideRequest {
    pub request: String,
    pub decision: String,
    #[uniffi(default)]
    pub meeting: Option<String>,
}

/// The residents' verdict on the work done, collected by this phone's user (never the one who
/// did the work); `satisfied = false` reopens the request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EvaluateRequest {
    pub request: String,
    pub satisfied: bool,
    pub comment: String,
    /// The residents whose verdict it is (at least one).
    pub residents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestRow {
    pub id: String,
    pub community: String,
    pub title: String,
    pub step: RequestStep,
    pub step_key: String,
    pub satisfied: Option<bool>,
    pub rounds: i64,
    pub raised_at_ms: i64,
}

/// One step a request went through, with who took it and when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestStepEntry {
    pub step: RequestStep,
    pub step_key: String,
    pub at_ms: i64,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestEvaluation {
    pub at_ms: i64,
    pub satisfied: bool,
    pub comment: String,
    /// The residents whose verdict it is.
    pub residents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestDetail {
    pub id: String,
    pub community: String,
    pub title: String,
    pub description: String,
    pub raised_by: String,
    pub raised_at_ms: i64,
    pub step: RequestStep,
    pub step_key: String,
    pub decision: Option<String>,
    pub meeting: Option<String>,
    pub steps: Vec<RequestStepEntry>,
    pub evaluations: Vec<RequestEvaluation>,
    pub rounds: i64,
}

/// A joint meeting (三方协商议事会) of a community's organisations.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewJointMeeting {
    pub community: String,
    pub held_at_ms: i64,
    /// Each of the three parties with its representative, or none where it was absent.
    pub parties: Vec<PartyPresence>,
    /// Everyone else who took part.
    pub participants: Vec<String>,
    pub topics: Vec<String>,
}

/// One party of a 三方协商议事会 and who represented it (`None`: recorded absent).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PartyPresence {
    pub party: JointParty,
    pub representative: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MeetingDecision {
    pub id: String,
    pub text: String,
    pub request: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JointMeetingDetail {
    pub id: String,
    pub community: String,
    pub held_at_ms: i64,
    /// The three parties, each present with its representative or recorded absent (empty on
    /// meetings recorded before parties were).
    pub parties: Vec<PartyPresence>,
    pub participants: Vec<String>,
    pub topics: Vec<String>,
    pub decisions: Vec<MeetingDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewHousehold {
    pub grid: String,
    pub address: String,
    pub head: String,
    pub size: i64,
    #[uniffi(default)]
    pub tags: Vec<HouseholdTag>,
}

/// A visit to a household; `follow_up` asks for another one.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewVisit {
    pub household: String,
    pub mode: VisitMode,
    pub note: String,
    #[uniffi(default)]
    pub follow_up: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HouseholdRow {
    pub id: String,
    pub grid: String,
    pub address: String,
    pub head: String,
    pub visits: i64,
    pub last_visit_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VisitItem {
    pub id: String,
    pub at_ms: i64,
    pub mode: VisitMode,
    pub mode_key: String,
    pub visitor: String,
    pub note: String,
    pub follow_up: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HouseholdDetail {
    pub id: String,
    pub grid: String,
    pub address: String,
    pub head: String,
    pub size: i64,
    pub tags: Vec<HouseholdTag>,
    pub tag_keys: Vec<String>,
    pub visits: Vec<VisitItem>,
}

/// An in-service member's service to the community where they registered (双报到).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewMemberService {
    pub member: String,
    pub community: String,
    pub minutes: i64,
    pub people_served: i64,
    pub description: String,
}

/// A member's service in a period.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceTotals {
    pub entries: i64,
    pub minutes: i64,
    pub people_served: i64,
}

fn request_detail(store: &steppe_core::Steppe, id: String, r: ResidentRequest) -> RequestDetail {
    RequestDetail {
        id,
        community: r.community,
        title: r.title,
        description: r.description.as_str().to_string(),
        raised_by: r.raised_by,
        raised_at_ms: r.raised_at,
        step: r.step.into(),
        step_key: r.step.message_id(),
        decision: r.decision,
        meeting: r.meeting,
        steps: r
            .history
            .into_iter()
            .map(|s| RequestStepEntry {
                step: s.step.into(),
                step_key: s.step.message_id(),
                at_ms: s.at,
                by: store.step_author(s.user.as_deref(), &s.by),
                note: s.note,
            })
            .collect(),
        evaluations: r
            .evaluations
            .into_iter()
            .map(|e| RequestEvaluation {
                at_ms: e.at,
                satisfied: e.satisfied,
                comment: e.comment,
                residents: e.residents,
            })
            .collect(),
        rounds: r.rounds,
    }
}

fn household_detail(id: String, h: Household) -> HouseholdDetail {
    let tags: Vec<steppe_domain::household::HouseholdTag> = h
        .tags
        .iter()
        .filter(|(_, on)| **on)
        .filter_map(|(code, _)| steppe_domain::household::HouseholdTag::parse(code))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    HouseholdDetail {
        id,
        grid: h.grid,
        address: h.address,
        head: h.head,
        size: h.size,
        tag_keys: tags.iter().map(|t| t.message_id()).collect(),
        tags: tags.into_iter().map(Into::into).collect(),
        visits: h
            .visits
            .into_iter()
            .map(|v| VisitItem {
                id: v.id,
                at_ms: v.at,
                mode: v.mode.into(),
                mode_key: v.mode.message_id(),
                visitor: v.visitor,
                note: v.note,
                follow_up: v.follow_up,
            })
            .collect(),
    }
}

#[uniffi::export]
impl SteppeStore {
    // 民事民提 → 民事民评.

    pub fn raise_request(&self, request: NewRequest) -> Result<String, SteppeError> {
        let new = steppe_core::NewRequest {
            community: parse_id(&request.community)?,
            title: request.title,
            description: request.description,
            raised_by: request.raised_by,
        };
        Ok(self.store.raise_request(new)?.to_string())
    }

    pub fn discuss_request(&self, request: String, note: String) -> Result<(), SteppeError> {
        Ok(self.store.discuss_request(parse_id(&request)?, &note)?)
    }

    pub fn decide_request(&self, decide: DecideRequest) -> Result<(), SteppeError> {
        Ok(self.store.decide_request(
            parse_id(&decide.request)?,
            &decide.decision,
            decide.meeting.as_deref().map(parse_id).transpose()?,
        )?)
    }

    pub fn carry_out_request(&self, request: String, report: String) -> Result<(), SteppeError> {
        Ok(self.store.carry_out_request(parse_id(&request)?, &report)?)
    }

    pub fn evaluate_request(&self, evaluation: EvaluateRequest) -> Result<(), SteppeError> {
        Ok(self.store.evaluate_request(
            parse_id(&evaluation.request)?,
            steppe_core::Verdict {
                satisfied: evaluation.satisfied,
                comment: evaluation.comment,
                residents: evaluation.residents,
            },
        )?)
    }

    /// A community's requests at one step (or all), newest first; a page at a time.
    pub fn requests(
        &self,
        community: String,
        step: Option<RequestStep>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<RequestRow>, SteppeError> {
        let rows =
            self.store
                .requests(parse_id(&community)?, step.map(Into::into), limit, offset)?;
        Ok(rows
            .into_iter()
            .map(|r| RequestRow {
                id: r.id.to_string(),
                community: r.community.to_string(),
                title: r.title,
                step: r.step.into(),
                step_key: r.step.message_id(),
                satisfied: r.satisfied,
                rounds: r.rounds,
                raised_at_ms: r.raised_at,
            })
            .collect())
    }

    pub fn request_detail(&self, request: String) -> Result<RequestDetail, SteppeError> {
        let r: ResidentRequest = self.store.get(parse_id(&request)?)?;
        Ok(request_detail(&self.store, request, r))
    }

    // Joint meetings.

    pub fn record_joint_meeting(&self, meeting: NewJointMeeting) -> Result<String, SteppeError> {
        let new = steppe_core::NewJointMeeting {
            community: parse_id(&meeting.community)?,
            held_at: meeting.held_at_ms,
            parties: meeting
                .parties
                .into_iter()
                .map(|p| (p.party.into(), p.representative))
                .collect(),
            participants: meeting.participants,
            topics: meeting.topics,
        };
        Ok(self.store.record_joint_meeting(new)?.to_string())
    }

    /// A decision of a meeting, settling a request if `request` names one.
    pub fn add_meeting_decision(
        &self,
        meeting: String,
        text: String,
        request: Option<String>,
    ) -> Result<String, SteppeError> {
        Ok(self.store.add_meeting_decision(
            parse_id(&meeting)?,
            &text,
            request.as_deref().map(parse_id).transpose()?,
        )?)
    }

    pub fn joint_meeting(&self, meeting: String) -> Result<JointMeetingDetail, SteppeError> {
        let m: JointMeeting = self.store.get(parse_id(&meeting)?)?;
        Ok(JointMeetingDetail {
            id: meeting,
            community: m.community,
            held_at_ms: m.held_at,
            parties: m
                .parties
                .iter()
                .filter_map(|(code, who)| {
                    Some(PartyPresence {
                        party: steppe_domain::joint_meeting::JointParty::parse(code)?.into(),
                        representative: who.clone(),
                    })
                })
                .collect(),
            participants: m.participants,
            topics: m.topics,
            decisions: m
                .decisions
                .into_iter()
                .map(|d| MeetingDecision {
                    id: d.id,
                    text: d.text,
                    request: d.request,
                })
                .collect(),
        })
    }

    // Households and visits.

    /// Registers a household with its tags (one record: the tags travel with it).
    pub fn register_household(&self, household: NewHousehold) -> Result<String, SteppeError> {
        let new = steppe_core::NewHousehold {
            grid: parse_id(&household.grid)?,
            address: household.address,
            head: household.head,
            size: household.size,
            tags: household.tags.into_iter().map(Into::into).collect(),
        };
        Ok(self.store.register_household(new)?.to_string())
    }

    pub fn tag_household(
        &self,
        household: String,
        tag: HouseholdTag,
        on: bool,
    ) -> Result<(), SteppeError> {
        Ok(self
            .store
            .tag_household(parse_id(&household)?, tag.into(), on)?)
    }

    pub fn log_visit(&self, visit: NewVisit) -> Result<String, SteppeError> {
        Ok(self.store.log_visit(
            parse_id(&visit.household)?,
            visit.mode.into(),
            &visit.note,
            visit.follow_up,
        )?)
    }

    /// A grid's households carrying `tag` (or all), by address; a page at a time.
    pub fn households(
        &self,
        grid: String,
        tag: Option<HouseholdTag>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<HouseholdRow>, SteppeError> {
        let rows = self
            .store
            .households(parse_id(&grid)?, tag.map(Into::into), limit, offset)?;
        Ok(rows
            .into_iter()
            .map(|h| HouseholdRow {
                id: h.id.to_string(),
                grid: h.grid.to_string(),
                address: h.address,
                head: h.head,
                visits: h.visits,
                last_visit_ms: h.last_visit,
            })
            .collect())
    }

    pub fn household_detail(&self, household: String) -> Result<HouseholdDetail, SteppeError> {
        let h: Household = self.store.get(parse_id(&household)?)?;
        Ok(household_detail(household, h))
    }

    // In-service members' service (双报到).

    pub fn log_member_service(&self, service: NewMemberService) -> Result<String, SteppeError> {
        let new = steppe_core::NewMemberService {
            member: parse_id(&service.member)?,
            community: parse_id(&service.community)?,
            minutes: service.minutes,
            people_served: service.people_served,
            description: service.description,
        };
        Ok(self.store.log_member_service(new)?.to_string())
    }

    /// A member's service in `[from_ms, to_ms)`.
    pub fn member_service_totals(
        &self,
        member: String,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<ServiceTotals, SteppeError> {
        let (entries, minutes, people_served) =
            self.store
                .member_service_totals(parse_id(&member)?, from_ms, to_ms)?;
        Ok(ServiceTotals {
            entries,
            minutes,
            people_served,
        })
    }
}
