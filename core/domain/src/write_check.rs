//! What a change to a record requires of its author: the action their roles must allow, and the
//! organisation it must be allowed on. Used by the server on every uploaded change, with the
//! record as its author saw it before and after the change.

use std::collections::BTreeSet;

use crate::authz::{self, Action, Grant, OrgTree};
use crate::course::Session;
use crate::doc::RecordDoc;
use crate::error::{DomainError, Result};
use crate::evaluation::DemocraticEvaluation;
use crate::finding::SupervisionFinding;
use crate::org::Organisation;
use crate::person::Person;
use crate::record::RecordKind;
use crate::request::ResidentRequest;

/// A record's claims about itself that must agree with where it is stored: an organisation's
/// inner id is its document's id (otherwise a document could pose as a banner and pull the
/// banner's subtree under whoever wrote it).
pub fn check_identity(doc: &RecordDoc) -> Result<()> {
    if doc.kind() == RecordKind::Organisation {
        let o: Organisation = doc.read()?;
        if o.id != doc.id().to_string() {
            return Err(DomainError::invalid(
                "id",
                "an organisation's id must be its record's id",
            ));
        }
        if o.parent.as_deref() == Some(o.id.as_str()) {
            return Err(DomainError::invalid(
                "parent",
                "an organisation cannot be its own parent",
            ));
        }
    }
    Ok(())
}

/// The roles a change gives or takes away in a person record: every one must be grantable by
/// the change's author (`authz::may_grant`). Compared key by key on the stored map, so any key
/// that appears, disappears or flips counts. Empty for other kinds.
pub fn role_changes(before: Option<&RecordDoc>, after: &RecordDoc) -> Result<RoleChanges> {
    if after.kind() != RecordKind::Person {
        return Ok(RoleChanges::default());
    }
    let empty = std::collections::BTreeMap::new();
    let b = match before {
        Some(d) => d.read::<Person>()?.roles,
        None => empty.clone(),
    };
    let a = after.read::<Person>()?.roles;
    let keys: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    let mut out = RoleChanges::default();
    for key in keys {
        let (was, is) = (
            b.get(key).copied().unwrap_or(false),
            a.get(key).copied().unwrap_or(false),
        );
        if was == is && b.contains_key(key) == a.contains_key(key) {
            continue;
        }
        let grant = key
            .split_once('/')
            .and_then(|(org, role)| {
                Some(Grant {
                    org: org.to_string(),
                    role: crate::authz::Role::parse(role)?,
                })
            })
            .ok_or_else(|| DomainError::invalid("roles", "not a role held on an organisation"))?;
        if is {
            out.added.push(grant);
        } else {
            out.removed.push(grant);
        }
    }
    Ok(out)
}

/// Roles given and taken away by one change to a person record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleChanges {
    pub added: Vec<Grant>,
    pub removed: Vec<Grant>,
}

/// The organisation a record's permissions are checked on. An organisation is governed by its
/// parent (creating or moving a banner is the league's business), everything else by its scope.
pub fn governing_org(doc: &RecordDoc) -> Result<String> {
    if doc.kind() == RecordKind::Organisation {
        let o: Organisation = doc.read()?;
        return Ok(o.parent.unwrap_or(o.id));
    }
    doc.scope_org()
}

/// The action a change from `before` (absent for a new record) to `after` needs, written by `user`.
pub fn required_action(
    before: Option<&RecordDoc>,
    after: &RecordDoc,
    user: &str,
) -> Result<Action> {
    // Every kind but these needs its one action, whatever the change.
    Ok(match after.kind() {
        RecordKind::Session => session_action(before, after, user)?,
        RecordKind::DemocraticEvaluation => evaluation_action(before, after, user)?,
        RecordKind::SupervisionFinding => finding_action(before, after)?,
        kind => kind.possible_actions()[0],
    })
}

/// A member's own part in an evaluation — their self-assessment, their assessments of others —
/// needs only a member's role; anything else is the branch committee's.
fn evaluation_action(before: Option<&RecordDoc>, after: &RecordDoc, user: &str) -> Result<Action> {
    let Some(before) = before else {
        return Ok(Action::WriteEvaluation);
    };
    let (b, a): (DemocraticEvaluation, DemocraticEvaluation) = (before.read()?, after.read()?);
    let (mut b_rest, mut a_rest) = (b.clone(), a.clone());
    for e in [&mut b_rest, &mut a_rest] {
        e.self_assessment = None;
        e.mutual.clear();
    }
    if b_rest != a_rest {
        return Ok(Action::WriteEvaluation);
    }
    let own_self = b.self_assessment == a.self_assessment || a.member == user;
    let own_entries = a
        .mutual
        .iter()
        .filter(|m| !b.mutual.contains(m))
        .all(|m| m.by == user);
    Ok(if own_self && own_entries {
        Action::TakePartInEvaluation
    } else {
        Action::WriteEvaluation
    })
}

/// The branch's answer to a finding is the branch's; the finding and its conclusion are the
/// supervisor's. One change is one or the other.
fn finding_action(before: Option<&RecordDoc>, after: &RecordDoc) -> Result<Action> {
    let Some(before) = before else {
        return Ok(Action::RecordFinding);
    };
    let (b, a): (SupervisionFinding, SupervisionFinding) = (before.read()?, after.read()?);
    if b.answer == a.answer {
        return Ok(Action::RecordFinding);
    }
    let mut a_rest = a.clone();
    a_rest.answer = b.answer.clone();
    if a_rest != b {
        return Err(DomainError::NotAllowed {
            reason: "a change answers a finding or is the supervisor's, not both".into(),
        });
    }
    Ok(Action::WriteAffairs)
}

/// Rules on who wrote what that the action alone cannot say, checked on every change with the
/// record before and after it (ADR 0007): an author may not write in another person's name.
pub fn author_rules(
    grants: &[Grant],
    tree: &impl OrgTree,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
    user: &str,
) -> Result<()> {
    let refuse = |reason: &str| {
        Err(DomainError::NotAllowed {
            reason: reason.into(),
        })
    };
    match after.kind() {
        RecordKind::DemocraticEvaluation => {
            let a: DemocraticEvaluation = after.read()?;
            let b: Option<DemocraticEvaluation> = before.map(|d| d.read()).transpose()?;
            let Some(b) = b else {
                if after.id() != DemocraticEvaluation::id_for(&a.member, a.year) {
                    return refuse("a member's evaluation of a year has the id both give");
                }
                if a.self_assessment.is_some() && a.member != user {
                    return refuse("only the member writes their self-assessment");
                }
                if a.result.is_some() && a.result != a.tallied_grade() {
                    return refuse("the result is the grade the votes give");
                }
                return Ok(());
            };
            if (b.member.as_str(), b.year) != (a.member.as_str(), a.year) {
                return refuse("an evaluation stays the one member's of one year");
            }
            if b.self_assessment != a.self_assessment && a.member != user {
                return refuse("only the member writes their self-assessment");
            }
            if b.mutual.iter().any(|m| !a.mutual.contains(m)) {
                return refuse("an assessment, once made, is not rewritten");
            }
            if b.result != a.result && (b.result.is_some() || a.result != a.tallied_grade()) {
                return refuse("the result is the grade the votes give, recorded once");
            }
        }
        RecordKind::SupervisionFinding => {
            let a: SupervisionFinding = after.read()?;
            let b: Option<SupervisionFinding> = before.map(|d| d.read()).transpose()?;
            if let Some(b) = &b
                && (b.by != a.by || b.lens != a.lens || b.village != a.village)
            {
                return refuse(
                    "a finding stays its supervisor's, through its lens, in its village",
                );
            }
            let answer_changed = match &b {
                Some(b) => b.answer != a.answer,
                None => a.answer.is_some(),
            };
            if answer_changed {
                // `finding_action` made this change the branch's alone.
                if b.as_ref().is_none_or(|b| b.answer.is_some()) {
                    return refuse("a finding is answered once, after it is made");
                }
                if a.answer.as_ref().is_some_and(|answer| answer.by != user) {
                    return refuse("an answer is recorded by whoever gives it");
                }
                return Ok(());
            }
            // The finding itself or its conclusion: the supervisor's own, through their lens.
            let chain = authz::lineage(tree, &a.village);
            let holds_lens = grants
                .iter()
                .any(|g| g.role == a.lens.role() && chain.contains(&g.org));
            if a.by != user || !holds_lens {
                return refuse("a finding is made and concluded by its own supervisor");
            }
        }
        RecordKind::ResidentRequest => {
            let a: ResidentRequest = after.read()?;
            let b: Option<ResidentRequest> = before.map(|d| d.read()).transpose()?;
            let held = |id: &str| {
                b.as_ref()
                    .is_some_and(|b| b.history.iter().any(|s| s.id == id))
            };
            if let Some(b) = &b
                && b.history.iter().any(|s| !a.history.contains(s))
            {
                return refuse("a request's history is not rewritten");
            }
            if a.history
                .iter()
                .any(|s| !held(&s.id) && s.user.as_deref() != Some(user))
            {
                return refuse("a step is logged in its own author's name");
            }
            for round in a.by_round() {
                let new_verdict = round.evaluation.is_some_and(|e| {
                    !b.as_ref()
                        .is_some_and(|b| b.evaluations.iter().any(|x| x.id == e.id))
                });
                if new_verdict && round.worker() == Some(user) {
                    return refuse("the residents' evaluation is not recorded by who did the work");
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A member may change only their own attendance; marking others needs a secretary's or
/// lecturer's role; anything else about a session is course management.
fn session_action(before: Option<&RecordDoc>, after: &RecordDoc, user: &str) -> Result<Action> {
    let Some(before) = before else {
        return Ok(Action::ManageCourses);
    };
    let (b, a): (Session, Session) = (before.read()?, after.read()?);
    let mut b_rest = b.clone();
    let mut a_rest = a.clone();
    b_rest.attendance.clear();
    b_rest.joined_via.clear();
    a_rest.attendance.clear();
    a_rest.joined_via.clear();
    if b_rest != a_rest {
        return Ok(Action::ManageCourses);
    }
    let keys: std::collections::BTreeSet<&String> = b
        .attendance
        .keys()
        .chain(a.attendance.keys())
        .chain(b.joined_via.keys())
        .chain(a.joined_via.keys())
        .collect();
    let changed: Vec<&String> = keys
        .into_iter()
        .filter(|k| {
            b.attendance.get(*k) != a.attendance.get(*k)
                || b.joined_via.get(*k) != a.joined_via.get(*k)
        })
        .collect();
    Ok(if changed.iter().all(|k| k.as_str() == user) {
        Action::CheckInSelf
    } else {
        Action::MarkAttendance
    })
}
