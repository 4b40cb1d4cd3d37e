//! Rules on who wrote what that the action a change needs cannot say (ADR 0007), checked by the
//! server on every change with the record before and after it, in the author's view and the
//! merged one: nobody writes in another person's name, what people recorded is not rewritten,
//! a record closed stays closed, and a record stands on the kind of organisation it belongs to.
//!
//! Lists people append to (steps, evaluations, visits, assessments) are checked as logs: every
//! entry held before is still there, unchanged and in order (two phones appending at once
//! interleave, so "in order" means as a subsequence), ids are unique, and only entries new in
//! this change may name the author — and must.

use crate::affairs_list::AffairsList;
use crate::authz::{self, Action, Grant, OrgTree, Role};
use crate::contract::CoBuildingContract;
use crate::doc::RecordDoc;
use crate::error::{DomainError, Result};
use crate::evaluation::DemocraticEvaluation;
use crate::finding::SupervisionFinding;
use crate::joint_meeting::JointMeeting;
use crate::member_service::MemberService;
use crate::notice::PublicNotice;
use crate::org::OrgKind;
use crate::petition::{Petition, PetitionStepKind};
use crate::programme::TrainingProgramme;
use crate::reason::Reason;
use crate::record::{Record, RecordKind};
use crate::registration::CommunityRegistration;
use crate::request::{RequestStep, ResidentRequest};
use crate::review_mark::ReviewMark;
use crate::service_review::ServiceReview;
use crate::station_service::StationService;

/// Who is writing, with what roles, over which tree.
struct Author<'a, T: OrgTree> {
    grants: &'a [Grant],
    tree: &'a T,
    user: &'a str,
}

fn refuse<T>(reason: Reason) -> Result<T> {
    Err(DomainError::not_allowed(reason))
}

/// Reads the record before (absent for a new one) and after the change.
fn states<R: Record>(before: Option<&RecordDoc>, after: &RecordDoc) -> Result<(Option<R>, R)> {
    Ok((before.map(|d| d.read()).transpose()?, after.read()?))
}

/// Checks the change from `before` to `after` by `user` holding `grants`.
pub fn check(
    grants: &[Grant],
    tree: &impl OrgTree,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
    user: &str,
) -> Result<()> {
    let who = Author { grants, tree, user };
    match after.kind() {
        RecordKind::DemocraticEvaluation => evaluation(&who, before, after),
        RecordKind::SupervisionFinding => finding(&who, before, after),
        RecordKind::ServiceReview => service_review(&who, before, after),
        RecordKind::Petition => petition(&who, before, after),
        RecordKind::JointMeeting => joint_meeting(&who, before, after),
        RecordKind::ResidentRequest => request(&who, before, after),
        RecordKind::StationService => station_service(&who, before, after),
        RecordKind::CommunityRegistration => registration(&who, before, after),
        RecordKind::MemberService => member_service(&who, before, after),
        RecordKind::PublicNotice => notice(&who, before, after),
        RecordKind::ReviewMark => review_mark(&who, before, after),
        RecordKind::AffairsList => {
            let (_, a) = states::<AffairsList>(before, after)?;
            placed(&who, &a.village, VILLAGES)
        }
        RecordKind::CoBuildingContract => {
            let (_, a) = states::<CoBuildingContract>(before, after)?;
            placed(&who, &a.community, |k| k == OrgKind::Community)?;
            placed(&who, &a.unit, WORK_UNITS)
        }
        RecordKind::TrainingProgramme => {
            let (_, a) = states::<TrainingProgramme>(before, after)?;
            placed(&who, &a.school, |k| k == OrgKind::PartySchool)
        }
        _ => Ok(()),
    }
}

/// A record of a kind that belongs on some kinds of organisation stands on one of them.
fn placed<T: OrgTree>(who: &Author<'_, T>, org: &str, fits: fn(OrgKind) -> bool) -> Result<()> {
    match who.tree.kind_of(org) {
        Some(k) if fits(k) => Ok(()),
        _ => refuse(Reason::RecordNotOnThisOrgKind),
    }
}

const VILLAGES: fn(OrgKind) -> bool = OrgKind::keeps_village_affairs;
const WORK_UNITS: fn(OrgKind) -> bool = OrgKind::is_work_unit;

/// `held` is a log `now` kept: every entry still there, unchanged, in order.
fn kept<E: PartialEq>(held: &[E], now: &[E]) -> bool {
    let mut rest = now.iter();
    held.iter().all(|h| rest.any(|n| n == h))
}

/// No two entries share an id.
fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    ids.into_iter().all(|id| seen.insert(id))
}

/// The entries of `now` that `held` does not hold.
fn added<'a, E: PartialEq>(held: &[E], now: &'a [E]) -> impl Iterator<Item = &'a E> {
    now.iter().filter(move |n| !held.contains(n))
}

/// Whether the author works for `org` as staff (a role other than a member's that allows
/// `action` there): staff may record on others' behalf what a member records only for
/// themselves.
fn staff<T: OrgTree>(who: &Author<'_, T>, org: &str, action: Action) -> bool {
    let chain = authz::lineage(who.tree, org);
    who.grants
        .iter()
        .any(|g| g.role != Role::Member && g.role.allows(action) && chain.contains(&g.org))
}

fn evaluation<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<DemocraticEvaluation>(before, after)?;
    if !unique(a.mutual.iter().map(|m| m.id.as_str()))
        || !unique(a.mutual.iter().map(|m| m.by.as_str()))
    {
        return refuse(Reason::OneAssessmentEach);
    }
    let Some(b) = b else {
        if after.id() != DemocraticEvaluation::id_for(&a.member, a.year) {
            return refuse(Reason::EvaluationIdFromMemberYear);
        }
        if a.self_assessment.is_some() && a.member != who.user {
            return refuse(Reason::OnlyMemberSelfAssesses);
        }
        if a.result.is_some() {
            return refuse(Reason::ResultAfterAssessments);
        }
        return Ok(());
    };
    if b.result.is_some() {
        return if a == b {
            Ok(())
        } else {
            refuse(Reason::EvaluationClosed)
        };
    }
    if (b.member.as_str(), b.year) != (a.member.as_str(), a.year) {
        return refuse(Reason::EvaluationStaysMemberYear);
    }
    if b.self_assessment != a.self_assessment && a.member != who.user {
        return refuse(Reason::OnlyMemberSelfAssesses);
    }
    if !kept(&b.mutual, &a.mutual) {
        return refuse(Reason::AssessmentNotRewritten);
    }
    // A member assesses in their own name; the branch committee may enter others' paper forms.
    if added(&b.mutual, &a.mutual).any(|m| m.by != who.user)
        && !staff(who, &a.branch, Action::WriteEvaluation)
    {
        return refuse(Reason::AssessmentOwnName);
    }
    if a.result.is_some()
        && (a.self_assessment.is_none()
            || !a.has_mutual_assessment()
            || a.pass_percent != b.pass_percent
            || a.result != a.tallied_grade())
    {
        return refuse(Reason::ResultIsVoteGrade);
    }
    Ok(())
}

fn finding<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<SupervisionFinding>(before, after)?;
    placed(who, &a.village, VILLAGES)?;
    if let Some(b) = &b {
        if b.outcome.is_some() {
            return if *b == a {
                Ok(())
            } else {
                refuse(Reason::FindingClosed)
            };
        }
        if b.by != a.by || b.lens != a.lens || b.village != a.village {
            return refuse(Reason::FindingStaysSupervisor);
        }
        let as_found = |f: &SupervisionFinding| {
            (
                f.text.as_str().to_string(),
                f.list.clone(),
                f.item.clone(),
                f.at,
            )
        };
        if b.answer.is_some() && as_found(b) != as_found(&a) {
            return refuse(Reason::FindingAnswerNotRewritten);
        }
    }
    let answer_changed = match &b {
        Some(b) => b.answer != a.answer,
        None => a.answer.is_some(),
    };
    if answer_changed {
        // `finding_action` made this change the branch's alone.
        if b.as_ref().is_none_or(|b| b.answer.is_some()) {
            return refuse(Reason::FindingAnsweredOnce);
        }
        if a.answer
            .as_ref()
            .is_some_and(|answer| answer.by != who.user)
        {
            return refuse(Reason::AnswerByGiver);
        }
        return Ok(());
    }
    // The finding itself or its conclusion: the supervisor's own, through their lens.
    let chain = authz::lineage(who.tree, &a.village);
    let holds_lens = who
        .grants
        .iter()
        .any(|g| g.role == a.lens.role() && chain.contains(&g.org));
    if a.by != who.user || !holds_lens {
        return refuse(Reason::FindingByOwnSupervisor);
    }
    Ok(())
}

fn service_review<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<ServiceReview>(before, after)?;
    placed(who, &a.org, |k| k == OrgKind::Community || k.is_work_unit())?;
    let reported = |r: &ServiceReview| (r.report.clone(), r.reported_at);
    if b.as_ref().is_none_or(|b| reported(b) != reported(&a)) {
        // The member's report is taken down by the organisation's staff, never by a member —
        // not even of their own — and not rewritten once graded.
        if !staff(who, &a.org, Action::LogMemberService) {
            return refuse(Reason::ReportByStaff);
        }
        if b.as_ref().is_some_and(|b| b.grade.is_some()) {
            return refuse(Reason::ReportNotRewritten);
        }
    }
    match b {
        None if after.id() != ServiceReview::id_for(&a.member, &a.org, a.year) => {
            refuse(Reason::ReviewIdFromThree)
        }
        Some(b) if (&b.member, &b.org, b.year) != (&a.member, &a.org, a.year) => {
            refuse(Reason::ReviewStays)
        }
        _ => Ok(()),
    }
}

fn petition<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<Petition>(before, after)?;
    placed(who, &a.village, VILLAGES)?;
    if !unique(a.steps.iter().map(|s| s.id.as_str())) {
        return refuse(Reason::PetitionStepOwn);
    }
    let (held, visits) = match &b {
        Some(b) => (b.steps.as_slice(), b.visits.as_slice()),
        None => (&[][..], &[][..]),
    };
    if !kept(held, &a.steps) || !kept(visits, &a.visits) {
        return refuse(Reason::PetitionNotRewritten);
    }
    if added(held, &a.steps).any(|s| s.user != who.user) {
        return refuse(Reason::StepOwnName);
    }
    // Received once, first; concluded once, after the reply, and nothing after it.
    let kinds: Vec<PetitionStepKind> = a.steps.iter().map(|s| s.kind).collect();
    let received = kinds
        .iter()
        .filter(|k| **k == PetitionStepKind::Received)
        .count();
    let concluded = kinds.iter().position(|k| *k == PetitionStepKind::Concluded);
    let replied = kinds.iter().position(|k| *k == PetitionStepKind::Replied);
    if kinds.first() != Some(&PetitionStepKind::Received) || received != 1 {
        return refuse(Reason::PetitionReceivedFirst);
    }
    if let Some(c) = concluded
        && (c + 1 != kinds.len() || replied.is_none_or(|r| r > c))
    {
        return refuse(Reason::PetitionConcludedLast);
    }
    if b.as_ref()
        .is_some_and(|b| b.is_concluded() && b.visits != a.visits)
    {
        return refuse(Reason::PetitionNoMoreVisits);
    }
    if b.is_some_and(|b| b.satisfied.is_some() && b.satisfied != a.satisfied) {
        return refuse(Reason::VerdictStands);
    }
    Ok(())
}

fn joint_meeting<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<JointMeeting>(before, after)?;
    if b.is_none() {
        placed(who, &a.community, |k| k == OrgKind::Community)?;
    }
    // Meetings recorded before the parties were may lack them; a new one, or one that had
    // them, may not.
    if b.is_none_or(|b| !b.parties.is_empty()) {
        a.require_parties()?;
    }
    Ok(())
}

fn request<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<ResidentRequest>(before, after)?;
    if !unique(a.history.iter().map(|s| s.id.as_str()))
        || !unique(a.evaluations.iter().map(|e| e.id.as_str()))
    {
        return refuse(Reason::RequestStepOwn);
    }
    let (held, verdicts) = match &b {
        Some(b) => (b.history.as_slice(), b.evaluations.as_slice()),
        None => (&[][..], &[][..]),
    };
    if !kept(held, &a.history) || !kept(verdicts, &a.evaluations) {
        return refuse(Reason::RequestNotRewritten);
    }
    let new_steps: Vec<_> = added(held, &a.history).collect();
    if new_steps
        .iter()
        .any(|s| s.user.as_deref() != Some(who.user))
    {
        return refuse(Reason::StepOwnName);
    }
    let rounds = a.by_round();
    for verdict in added(verdicts, &a.evaluations) {
        // A verdict is logged as the step that closes or reopens its round, in this change.
        let logged = new_steps.iter().any(|s| {
            s.id == verdict.id && matches!(s.step, RequestStep::Evaluated | RequestStep::Reopened)
        });
        // The round it closes (an unsatisfied verdict's step opens the next one).
        let round = rounds
            .iter()
            .find(|r| r.evaluation.is_some_and(|e| e.id == verdict.id));
        if !logged || round.is_none_or(|r| r.worker() == Some(who.user)) {
            return refuse(Reason::EvaluationNotByWorker);
        }
        if verdict.residents.iter().all(|r| r.trim().is_empty()) {
            return refuse(Reason::VerdictNamesResidents);
        }
    }
    Ok(())
}

fn station_service<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<StationService>(before, after)?;
    placed(who, &a.station, |k| k == OrgKind::RedStation)?;
    if a.volunteer != who.user || b.is_some_and(|b| b.volunteer != a.volunteer) {
        return refuse(Reason::StationServiceByVolunteer);
    }
    Ok(())
}

fn registration<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<CommunityRegistration>(before, after)?;
    placed(who, &a.community, |k| k == OrgKind::Community)?;
    placed(who, &a.unit, WORK_UNITS)?;
    let own = |r: &CommunityRegistration| r.member.as_deref() == Some(who.user);
    if !staff(who, &a.community, Action::LogMemberService)
        && (!own(&a) || b.is_some_and(|b| !own(&b)))
    {
        return refuse(Reason::RegistersSelfOrStaff);
    }
    Ok(())
}

fn member_service<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<MemberService>(before, after)?;
    let own = |s: &MemberService| s.member == who.user;
    if !staff(who, &a.community, Action::LogMemberService)
        && (!own(&a) || b.is_some_and(|b| !own(&b)))
    {
        return refuse(Reason::ServiceSelfOrStaff);
    }
    Ok(())
}

fn notice<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<PublicNotice>(before, after)?;
    placed(who, &a.village, VILLAGES)?;
    if let Some(b) = b
        && b.published_at.is_some()
        && a.published_at.is_some()
        && b != a
    {
        return refuse(Reason::NoticeTakenDownFirst);
    }
    Ok(())
}

/// A review mark is its reviewer's own, made once under the id its record and reviewer give.
fn review_mark<T: OrgTree>(
    who: &Author<'_, T>,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<()> {
    let (b, a) = states::<ReviewMark>(before, after)?;
    if b.is_some() {
        return refuse(Reason::ReviewMarkFinal);
    }
    let record = crate::Id::parse(&a.record)
        .map_err(|_| DomainError::invalid("record", Reason::NotARecordId))?;
    if a.reviewer != who.user || after.id() != ReviewMark::id_for(record, &a.reviewer) {
        return refuse(Reason::ReviewMarkOwn);
    }
    if !crate::authz::may_review(who.grants, who.tree, &a.org) {
        return refuse(Reason::ReviewFromAbove);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::kept;

    proptest::proptest! {
        /// A log appended to — even with others' entries interleaved, as concurrent appends
        /// merge — keeps what it held; a log with a held entry dropped or changed does not.
        #[test]
        fn a_log_keeps_what_it_held_whatever_is_interleaved(
            held in proptest::collection::vec(0u32..1000, 0..12),
            inserts in proptest::collection::vec((0usize..13, 1000u32..2000), 0..8),
            victim in 0usize..12,
        ) {
            let mut now = held.clone();
            for (at, value) in &inserts {
                now.insert((*at).min(now.len()), *value);
            }
            proptest::prop_assert!(kept(&held, &now));
            if !held.is_empty() {
                let i = victim % held.len();
                let mut dropped = now.clone();
                let pos = dropped.iter().position(|v| *v == held[i]).unwrap();
                dropped.remove(pos);
                // Only a log whose entries are distinct can tell which one went.
                let distinct = held.iter().filter(|v| **v == held[i]).count() == 1;
                if distinct {
                    proptest::prop_assert!(!kept(&held, &dropped));
                    let mut changed = now.clone();
                    changed[pos] = 5000;
                    proptest::prop_assert!(!kept(&held, &changed));
                }
            }
        }
    }
}
