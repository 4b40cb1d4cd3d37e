//! The branch secretary's calls: organisational-life meetings with their items and
//! rectifications, and the annual democratic evaluation of members.

use steppe_domain::Vocabulary;
use steppe_domain::evaluation::DemocraticEvaluation;
use steppe_domain::org_life::OrgLifeMeeting;

use crate::error::SteppeError;
use crate::store::{SteppeStore, parse_id};
use crate::types::{Grade, ItemKind, MeetingKind, MemberStatus};

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewOrgLifeMeeting {
    pub branch: String,
    pub kind: MeetingKind,
    pub held_at_ms: i64,
}

/// A rectification item with its owner and, where set, its due date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewRectification {
    pub meeting: String,
    pub text: String,
    pub owner: String,
    #[uniffi(default)]
    pub due_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrgLifeRow {
    pub id: String,
    pub kind: MeetingKind,
    pub kind_key: String,
    pub held_at_ms: i64,
    pub open_items: i64,
    pub done_items: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MeetingItem {
    pub id: String,
    pub kind: ItemKind,
    pub kind_key: String,
    pub text: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Rectification {
    pub id: String,
    pub text: String,
    pub owner: String,
    pub due_ms: Option<i64>,
    pub done: bool,
    pub done_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrgLifeDetail {
    pub id: String,
    pub branch: String,
    pub kind: MeetingKind,
    pub kind_key: String,
    pub held_at_ms: i64,
    pub items: Vec<MeetingItem>,
    pub rectifications: Vec<Rectification>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GradeVotes {
    pub grade: Grade,
    pub votes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EvaluationDetail {
    pub id: String,
    pub branch: String,
    pub member: String,
    pub year: i64,
    /// The evaluated member is this phone's user: only they write the self-assessment, and
    /// they do not assess themselves mutually.
    pub mine: bool,
    pub self_assessment: Option<String>,
    /// The whole mutual assessment as one text, on evaluations from before entries.
    pub mutual_assessment: Option<String>,
    /// One entry per assessing member.
    pub mutual: Vec<MutualEntry>,
    pub votes: Vec<GradeVotes>,
    /// The branch's rule: the share of votes, in percent, a grade needs.
    pub pass_percent: i64,
    /// The grade the tallies give now; what recording the result will record.
    pub tallied: Option<Grade>,
    pub result: Option<Grade>,
    pub result_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MutualEntry {
    /// The assessing member's person id.
    pub by: String,
    pub text: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EvaluationResult {
    /// The evaluation, to open it.
    pub id: String,
    pub member: String,
    /// Where this phone holds the member's record.
    pub member_name: Option<String>,
    pub grade: Option<Grade>,
}

/// A person of a unit, as a secretary picks whom to evaluate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberItem {
    pub id: String,
    pub name: String,
    pub status: MemberStatus,
    pub status_key: String,
}

#[uniffi::export]
impl SteppeStore {
    /// The people of a unit, by name.
    pub fn members(&self, org: String) -> Result<Vec<MemberItem>, SteppeError> {
        Ok(self
            .store
            .people_of(parse_id(&org)?)?
            .into_iter()
            .map(|p| MemberItem {
                id: p.id.to_string(),
                name: p.name,
                status: p.status.into(),
                status_key: p.status.message_id(),
            })
            .collect())
    }

    pub fn record_org_life_meeting(
        &self,
        meeting: NewOrgLifeMeeting,
    ) -> Result<String, SteppeError> {
        let new = steppe_core::NewOrgLifeMeeting {
            branch: parse_id(&meeting.branch)?,
            kind: meeting.kind.into(),
            held_at: meeting.held_at_ms,
        };
        Ok(self.store.record_org_life_meeting(new)?.to_string())
    }

    /// An opinion gathered before the meeting or a problem found at it.
    pub fn add_org_life_item(
        &self,
        meeting: String,
        kind: ItemKind,
        text: String,
    ) -> Result<String, SteppeError> {
        Ok(self
            .store
            .add_org_life_item(parse_id(&meeting)?, kind.into(), &text)?)
    }

    pub fn add_rectification(&self, item: NewRectification) -> Result<String, SteppeError> {
        Ok(self.store.add_rectification(
            parse_id(&item.meeting)?,
            &item.text,
            &item.owner,
            item.due_ms,
        )?)
    }

    pub fn complete_rectification(&self, meeting: String, item: String) -> Result<(), SteppeError> {
        Ok(self
            .store
            .complete_rectification(parse_id(&meeting)?, &item)?)
    }

    pub fn org_life_meetings(&self, branch: String) -> Result<Vec<OrgLifeRow>, SteppeError> {
        Ok(self
            .store
            .org_life_meetings(parse_id(&branch)?)?
            .into_iter()
            .map(|m| OrgLifeRow {
                id: m.id.to_string(),
                kind: m.kind.into(),
                kind_key: m.kind.message_id(),
                held_at_ms: m.held_at,
                open_items: m.open_items,
                done_items: m.done_items,
            })
            .collect())
    }

    pub fn org_life_meeting(&self, meeting: String) -> Result<OrgLifeDetail, SteppeError> {
        let m: OrgLifeMeeting = self.store.get(parse_id(&meeting)?)?;
        Ok(OrgLifeDetail {
            id: meeting,
            branch: m.branch,
            kind: m.kind.into(),
            kind_key: m.kind.message_id(),
            held_at_ms: m.held_at,
            items: m
                .items
                .into_iter()
                .map(|i| MeetingItem {
                    id: i.id,
                    kind: i.kind.into(),
                    kind_key: i.kind.message_id(),
                    text: i.text,
                    at_ms: i.at,
                })
                .collect(),
            rectifications: m
                .rectifications
                .into_iter()
                .map(|r| Rectification {
                    id: r.id,
                    text: r.text,
                    owner: r.owner,
                    due_ms: r.due,
                    done: r.done,
                    done_at_ms: r.done_at,
                })
                .collect(),
        })
    }

    // Democratic evaluation.

    pub fn open_evaluation(
        &self,
        branch: String,
        member: String,
        year: i64,
    ) -> Result<String, SteppeError> {
        Ok(self
            .store
            .open_evaluation(parse_id(&branch)?, parse_id(&member)?, year)?
            .to_string())
    }

    pub fn assess_self(&self, evaluation: String, text: String) -> Result<(), SteppeError> {
        Ok(self.store.assess_self(parse_id(&evaluation)?, &text)?)
    }

    pub fn assess_mutually(&self, evaluation: String, text: String) -> Result<(), SteppeError> {
        Ok(self.store.assess_mutually(parse_id(&evaluation)?, &text)?)
    }

    pub fn record_votes(
        &self,
        evaluation: String,
        votes: Vec<GradeVotes>,
    ) -> Result<(), SteppeError> {
        let votes: Vec<_> = votes
            .into_iter()
            .map(|v| (v.grade.into(), v.votes))
            .collect();
        Ok(self.store.record_votes(parse_id(&evaluation)?, &votes)?)
    }

    /// Records the grade the vote's tallies give under the branch's rule, and returns it.
    pub fn record_evaluation_result(&self, evaluation: String) -> Result<Grade, SteppeError> {
        Ok(self
            .store
            .record_evaluation_result(parse_id(&evaluation)?)?
            .into())
    }

    pub fn evaluation(&self, evaluation: String) -> Result<EvaluationDetail, SteppeError> {
        let e: DemocraticEvaluation = self.store.get(parse_id(&evaluation)?)?;
        let mine = e.member == self.store.identity().user_id;
        Ok(EvaluationDetail {
            mine,
            id: evaluation,
            branch: e.branch,
            member: e.member,
            year: e.year,
            self_assessment: e.self_assessment,
            mutual_assessment: e.mutual_assessment,
            mutual: e
                .mutual
                .into_iter()
                .map(|m| MutualEntry {
                    by: m.by,
                    text: m.text,
                    at_ms: m.at,
                })
                .collect(),
            pass_percent: e.pass_percent,
            tallied: steppe_domain::evaluation::grade_from_votes(&e.votes, e.pass_percent)
                .map(Into::into),
            votes: e
                .votes
                .iter()
                .filter_map(|(code, n)| {
                    Some(GradeVotes {
                        grade: steppe_domain::evaluation::Grade::parse(code)?.into(),
                        votes: *n,
                    })
                })
                .collect(),
            result: e.result.map(Into::into),
            result_key: e.result.map(|g| g.message_id()),
        })
    }

    /// A branch's evaluations of a year, one per member, by name, with the result if recorded.
    pub fn evaluation_results(
        &self,
        branch: String,
        year: i64,
    ) -> Result<Vec<EvaluationResult>, SteppeError> {
        Ok(self
            .store
            .evaluation_results(parse_id(&branch)?, year)?
            .into_iter()
            .map(|r| EvaluationResult {
                id: r.id.to_string(),
                member: r.member.to_string(),
                member_name: r.member_name,
                grade: r.result.map(Into::into),
            })
            .collect())
    }
}
