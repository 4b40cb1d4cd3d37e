//! What a change to a record requires of its author: the action their roles must allow, and the
//! organisation it must be allowed on. Used by the server on every uploaded change, with the
//! record as its author saw it before and after the change.

use crate::reason::Reason;
use std::collections::BTreeSet;

use crate::authz::{self, Action, Grant, OrgTree};
use crate::course::{MAX_CLOCK_SKEW_MS, MarkHow, Session};
use crate::doc::RecordDoc;
use crate::error::{DomainError, Result};
use crate::evaluation::DemocraticEvaluation;
use crate::finding::SupervisionFinding;
use crate::org::Organisation;
use crate::person::Person;
use crate::record::RecordKind;
use crate::service_review::ServiceReview;

/// A record's claims about itself that must agree with where it is stored: an organisation's
/// inner id is its document's id (otherwise a document could pose as a banner and pull the
/// banner's subtree under whoever wrote it).
pub fn check_identity(doc: &RecordDoc) -> Result<()> {
    if doc.kind() == RecordKind::Organisation {
        let o: Organisation = doc.read()?;
        if o.id != doc.id().to_string() {
            return Err(DomainError::invalid("id", Reason::OrgIdIsRecordId));
        }
        if o.parent.as_deref() == Some(o.id.as_str()) {
            return Err(DomainError::invalid("parent", Reason::OrgNotOwnParent));
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
            .ok_or_else(|| DomainError::invalid("roles", Reason::NotARoleHeld))?;
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
        RecordKind::ServiceReview => review_action(before, after)?,
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

/// Taking down a member's report is the organisation's staff's; the grade is its committee's.
fn review_action(before: Option<&RecordDoc>, after: &RecordDoc) -> Result<Action> {
    let a: ServiceReview = after.read()?;
    let b: Option<ServiceReview> = before.map(|d| d.read()).transpose()?;
    let assessed = match &b {
        Some(b) => (&b.grade, &b.remarks) != (&a.grade, &a.remarks),
        None => a.grade.is_some() || a.remarks.is_some(),
    };
    Ok(if assessed {
        Action::WriteEvaluation
    } else {
        Action::LogMemberService
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
            reason: Reason::AnswerOrSupervisor,
        });
    }
    Ok(Action::WriteAffairs)
}

/// When a change was written and received, as far as the server can tell: the change's own
/// timestamp, the latest timestamp among the changes it depends on (it cannot have been written
/// before what it builds on), and when it reached the server.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub change: i64,
    pub not_before: i64,
    pub received: i64,
}

/// What an attendance change claims about time and its author, checked on the record as its
/// author wrote it: every attendance it records is dated with the change's own timestamp and
/// names the change's author as who recorded it; that timestamp lies between the changes it
/// builds on and the server's clock, each with [`MAX_CLOCK_SKEW_MS`] of slack; nothing is
/// recorded on a cancelled session; and an author who may not mark attendance records only
/// their own check-in, inside the session's window. A phone whose clock runs slow can still
/// date a late check-in inside the window when it last synced before the window closed: the
/// server has no trusted time for what happened offline.
pub fn attendance_times(
    grants: &[Grant],
    tree: &impl OrgTree,
    before: Option<&RecordDoc>,
    after: &RecordDoc,
    user: &str,
    when: Timing,
) -> Result<()> {
    if after.kind() != RecordKind::Session {
        return Ok(());
    }
    let a: Session = after.read()?;
    let b: Session = match before {
        Some(d) => d.read()?,
        None => a.without_members(),
    };
    let changed = b.members_changed(&a);
    if changed.is_empty() {
        return Ok(());
    }
    let invalid = |reason: Reason| Err(DomainError::invalid("recorded_at", reason));
    if a.cancelled {
        return invalid(Reason::CancelledNoAttendance);
    }
    if when.change > when.received + MAX_CLOCK_SKEW_MS {
        return invalid(Reason::DatedAhead);
    }
    if when.change < when.not_before - MAX_CLOCK_SKEW_MS {
        return invalid(Reason::DatedBeforeBase);
    }
    let marks = authz::permits(grants, tree, &a.school, Action::MarkAttendance);
    for m in &changed {
        let Some(at) = a.recorded_at.get(m).copied() else {
            return invalid(Reason::AttendanceWithTime);
        };
        if at != when.change || a.recorded_by.get(m).map(String::as_str) != Some(user) {
            return invalid(Reason::AttendanceDatedAndNamed);
        }
        let own = matches!(
            a.recorded_how.get(m),
            Some(MarkHow::SelfOnSite | MarkHow::SelfOnline)
        );
        if (own || !marks) && (m.as_str() != user || !own || !a.check_in_open(at)) {
            return invalid(Reason::CheckInOwnInWindow);
        }
        if a.received_at_school
            .get(m)
            .is_some_and(|s| tree.kind_of(s) != Some(crate::org::OrgKind::PartySchool))
        {
            return invalid(Reason::OnlineFromSchoolSite);
        }
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
    if b.without_members() != a.without_members() {
        return Ok(Action::ManageCourses);
    }
    let changed = b.members_changed(&a);
    Ok(if changed.iter().all(|k| k.as_str() == user) {
        Action::CheckInSelf
    } else {
        Action::MarkAttendance
    })
}
