//! What a change to a record requires of its author: the action their roles must allow, and the
//! organisation it must be allowed on. Used by the server on every uploaded change, with the
//! record as its author saw it before and after the change.

use crate::authz::Action;
use crate::course::Session;
use crate::doc::RecordDoc;
use crate::error::Result;
use crate::org::Organisation;
use crate::record::RecordKind;

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
    Ok(match after.kind() {
        RecordKind::Organisation => Action::ManageOrganisations,
        RecordKind::Person => Action::ManagePeople,
        RecordKind::Lecturer | RecordKind::Course => Action::ManageCourses,
        RecordKind::Session => session_action(before, after, user)?,
        RecordKind::MediationCase | RecordKind::ServiceLog => Action::WriteCase,
        RecordKind::ResidentRequest | RecordKind::JointMeeting => Action::WriteRequest,
        RecordKind::Household => Action::WriteHousehold,
        RecordKind::MemberService => Action::LogMemberService,
        RecordKind::OrgLifeMeeting => Action::WriteOrgLife,
        RecordKind::DemocraticEvaluation => Action::WriteEvaluation,
    })
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
