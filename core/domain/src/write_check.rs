//! What a change to a record requires of its author: the action their roles must allow, and the
//! organisation it must be allowed on. Used by the server on every uploaded change, with the
//! record as its author saw it before and after the change.

use std::collections::BTreeSet;

use crate::authz::{Action, Grant};
use crate::course::Session;
use crate::doc::RecordDoc;
use crate::error::{DomainError, Result};
use crate::org::Organisation;
use crate::person::Person;
use crate::record::RecordKind;

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
    // Every kind but a session needs its one action, whatever the change.
    Ok(match after.kind() {
        RecordKind::Session => session_action(before, after, user)?,
        kind => kind.possible_actions()[0],
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
