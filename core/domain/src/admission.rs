//! Whether one change from elsewhere may join a record (ADR 0007). The server runs this on every
//! uploaded change — from a phone or from a page's form — and the fuzzer runs it on changes with
//! flipped bits; no I/O: the caller supplies the record's stored state and the organisation tree.
//!
//! A change is authorised twice: on the record as its author saw it (the state at the change's
//! dependencies, and that plus the change) and on the record as it is held here (everything
//! stored, and that plus the change). The author chooses the dependencies, so the first view
//! alone can show a state the record has left; the second alone would let a rule-breaking edit
//! in because someone else's concurrent change masked it.

use automerge::legacy::Op;
use automerge::{AutoCommit, Change, ChangeHash};

use crate::Id;
use crate::authz::{self, Action, Grant, OrgTree};
use crate::doc::{RecordDoc, apply_untrusted, parse_untrusted};
use crate::labels::Vocabulary;
use crate::org::Organisation;
use crate::reason::Reason;
use crate::record::RecordKind;
use crate::write_check::{
    Timing, attendance_times, check_identity, governing_org, required_action, role_changes,
};

/// Who wrote the change: the user, the actor their device (or web session) is bound to, and the
/// roles the user holds.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub user_id: &'a str,
    pub actor: &'a [u8],
    pub grants: &'a [Grant],
    /// When the change reached the server (Unix ms): the bound on how far in the future a
    /// change may claim to have been written.
    pub received_at: i64,
}

/// Why a change was refused; the server maps these onto the protocol's reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a change this code can read, or one that cannot belong to the record.
    Malformed(String),
    ForeignActor,
    MissingDependency,
    /// The record as the author left it breaks a rule, or poses as another record.
    RuleViolation(String),
    /// The author's roles do not allow it.
    OutOfScope(String),
}

/// A change that may join the record.
#[derive(Debug, Clone)]
pub enum Admitted {
    /// Held already: nothing to do.
    Known,
    /// Applied to the caller's state. `placed` is an organisation's new place in the tree, for
    /// the caller to record before checking the next change.
    New {
        change: Box<Change>,
        placed: Option<Organisation>,
    },
}

/// Checks one change to document `doc` (held as `current`) by `author`, and on success applies
/// it to `current`. A refusal leaves `current` as it was. automerge may panic on crafted input in
/// places past parsing (`fork_at`): callers run this behind `catch_unwind` and rebuild `current`
/// when it panics.
pub fn admit(
    current: &mut AutoCommit,
    tree: &impl OrgTree,
    author: Author<'_>,
    doc: Id,
    bytes: &[u8],
) -> Result<Admitted, (ChangeHash, Refusal)> {
    let unknown = ChangeHash([0; 32]);
    let change = parse_untrusted(bytes.to_vec()).map_err(|_| {
        (
            unknown,
            Refusal::Malformed("not an automerge change".into()),
        )
    })?;
    let hash = change.hash();
    let refuse = |r: Refusal| (hash, r);
    if current.get_change_by_hash(&hash).is_some() {
        return Ok(Admitted::Known);
    }
    if change.actor_id().to_bytes() != author.actor {
        return Err(refuse(Refusal::ForeignActor));
    }
    if change
        .deps()
        .iter()
        .any(|d| current.get_change_by_hash(d).is_none())
    {
        return Err(refuse(Refusal::MissingDependency));
    }
    let exists = !current.get_heads().is_empty();
    let deps: Vec<ChangeHash> = change.deps().to_vec();
    if exists && deps.is_empty() {
        // Only the first change of a record has no dependencies. Another one for a held id is a
        // second record posing as the first, whose merge could rewrite the original's fields.
        return Err(refuse(Refusal::Malformed(
            "a record with this id already exists".into(),
        )));
    }
    let malformed = |what: &str| refuse(Refusal::Malformed(what.into()));
    let record = |d: AutoCommit| {
        RecordDoc::from_automerge(doc, d).map_err(|_| malformed("not a Steppe record"))
    };
    let before_authored = if deps.is_empty() {
        None
    } else {
        let at = current
            .fork_at(&deps)
            .map_err(|_| malformed("cannot rebuild the record"))?;
        Some(record(at)?)
    };
    let mut merged = current.fork();
    apply_untrusted(&mut merged, vec![change.clone()])
        .map_err(|e| refuse(Refusal::Malformed(e.to_string())))?;
    let at = merged
        .fork_at(&[hash])
        .map_err(|_| malformed("cannot rebuild the record"))?;
    let after_authored = record(at)?;
    let before_merged = if exists {
        Some(record(current.fork())?)
    } else {
        None
    };
    let after_merged = record(merged)?;
    let kind = after_authored.kind();
    if [
        before_authored.as_ref(),
        before_merged.as_ref(),
        Some(&after_merged),
    ]
    .into_iter()
    .flatten()
    .any(|d| d.kind() != kind)
    {
        return Err(malformed("a record cannot change kind"));
    }
    let rule = |e: crate::DomainError| refuse(Refusal::RuleViolation(e.refusal_detail()));
    after_authored.validate_any().map_err(rule)?;
    check_identity(&after_authored).map_err(rule)?;
    check_identity(&after_merged).map_err(rule)?;
    // Decoded once: both the structure check and each view's check-in test read the operations.
    let ops = change.decode().operations;
    if let Some(detail) = replaces_a_part(&ops, before_authored.as_ref()) {
        return Err(malformed(&detail));
    }
    let when = Timing {
        change: change.timestamp(),
        not_before: deps
            .iter()
            .filter_map(|d| current.get_change_by_hash(d))
            .map(|c| c.timestamp())
            .max()
            .unwrap_or(i64::MIN),
        received: author.received_at,
    };
    attendance_times(
        author.grants,
        tree,
        before_authored.as_ref(),
        &after_authored,
        author.user_id,
        when,
    )
    .map_err(rule)?;
    let scope = |detail: String| refuse(Refusal::OutOfScope(detail));
    authorize(
        tree,
        author,
        &ops,
        before_authored.as_ref(),
        &after_authored,
    )
    .map_err(scope)?;
    authorize(tree, author, &ops, before_merged.as_ref(), &after_merged).map_err(scope)?;
    let placed = if kind == RecordKind::Organisation {
        let o: Organisation = after_merged.read().map_err(rule)?;
        for before in [before_authored.as_ref(), before_merged.as_ref()]
            .into_iter()
            .flatten()
        {
            let b: Organisation = before.read().map_err(rule)?;
            check_unit_change(&b, &o).map_err(|d| refuse(Refusal::RuleViolation(d)))?;
        }
        check_placement(tree, &o).map_err(|d| refuse(Refusal::RuleViolation(d)))?;
        Some(o)
    } else {
        None
    };
    // The same change already applied cleanly to a fork of `current`.
    apply_untrusted(current, vec![change.clone()])
        .map_err(|e| refuse(Refusal::Malformed(e.to_string())))?;
    Ok(Admitted::New {
        change: Box::new(change),
        placed,
    })
}

/// Whether the author may make any change at all to a held record of `kind` on `org`. If not,
/// the server refuses its changes without loading the document.
pub fn may_touch(author: Author<'_>, tree: &impl OrgTree, kind: RecordKind, org: &str) -> bool {
    let governing = if kind == RecordKind::Organisation {
        tree.parent_of(org).unwrap_or_else(|| org.to_string())
    } else {
        org.to_string()
    };
    kind.possible_actions()
        .iter()
        .any(|a| authz::permits_write(author.grants, tree, &governing, kind, *a))
}

/// Whether `author` may take a record from `before` (absent: a new record) to `after`: the action
/// the change needs, on every organisation the record belongs to on either side (moving a record
/// needs the right at both ends), and the granting permission for every role given or taken.
fn authorize(
    tree: &impl OrgTree,
    author: Author<'_>,
    ops: &[Op],
    before: Option<&RecordDoc>,
    after: &RecordDoc,
) -> Result<(), String> {
    let mut action =
        required_action(before, after, author.user_id).map_err(|e| e.refusal_detail())?;
    // The record's fields alone cannot tell a check-in from a member rewriting the roll with a
    // copy of itself plus their own mark (which would void others' concurrent marks): a check-in
    // is only what touches the member's own entries, operation by operation.
    if action == Action::CheckInSelf
        && !before.is_some_and(|b| only_own_attendance(ops, b, author.user_id))
    {
        action = Action::ManageCourses;
    }
    let mut orgs = vec![governing_org(after).map_err(|e| e.refusal_detail())?];
    if let Some(b) = before {
        orgs.push(governing_org(b).map_err(|e| e.refusal_detail())?);
    }
    if orgs
        .iter()
        .any(|o| !authz::permits_write(author.grants, tree, o, after.kind(), action))
    {
        return Err(Reason::ActionNotAllowedHere.message_id());
    }
    crate::author_rules::check(author.grants, tree, before, after, author.user_id)
        .map_err(|e| e.refusal_detail())?;
    let roles = role_changes(before, after).map_err(|e| e.refusal_detail())?;
    if !roles.added.is_empty() && after.id().to_string() == author.user_id {
        return Err(Reason::NoOwnRoleRaise.message_id());
    }
    if roles
        .added
        .iter()
        .chain(&roles.removed)
        .any(|g| !authz::may_grant(author.grants, tree, &g.org, g.role))
    {
        return Err(Reason::GrantNotHeld.message_id());
    }
    Ok(())
}

/// What no uploaded change may do to an existing organisation: change its kind (what it may
/// contain and whether it publishes down) or make it a root (out of every ancestor's reach,
/// and then governed by itself). Both are the operator's, through the server's CLI.
fn check_unit_change(before: &Organisation, after: &Organisation) -> Result<(), String> {
    if before.kind != after.kind {
        return Err(Reason::OrgKindFixed.message_id());
    }
    if before.parent.is_some() && after.parent.is_none() {
        return Err(Reason::OrgStaysInTree.message_id());
    }
    Ok(())
}

/// A change that creates an object where one already stands, or deletes one, replaces part of a
/// record wholesale: what others wrote concurrently into the old part would be acknowledged and
/// lost. Steppe's own writes reconcile objects in place, so only a modified app sends this (the
/// store's workflow tests check every change they make against it).
pub fn replaces_a_part(ops: &[Op], before: Option<&RecordDoc>) -> Option<String> {
    let before = before?;
    ops.iter().find_map(|op| {
        let automerge::legacy::Key::Map(key) = &op.key else {
            return None;
        };
        let replacing = matches!(
            op.action,
            automerge::legacy::OpType::Make(_) | automerge::legacy::OpType::Delete
        );
        (replacing && !op.insert && before.holds_object(&op.obj, key))
            .then(|| format!("a change may not replace or delete the part '{key}' of a record"))
    })
}

/// Whether every operation of `change` sets or removes the entry keyed `user` in one of the
/// session's per-member maps (`course::PER_MEMBER_FIELDS`).
fn only_own_attendance(ops: &[Op], before: &RecordDoc, user: &str) -> bool {
    ops.iter().all(|op| {
        matches!(&op.key, automerge::legacy::Key::Map(k) if k.as_str() == user)
            && !op.insert
            && matches!(
                op.action,
                automerge::legacy::OpType::Put(_) | automerge::legacy::OpType::Delete
            )
            && crate::course::PER_MEMBER_FIELDS
                .iter()
                .any(|f| before.is_record_field(&op.obj, f))
    })
}

/// An organisation's place in the tree as it would be after the change: under a parent that
/// exists and may contain it, and never under its own subtree.
fn check_placement(tree: &impl OrgTree, o: &Organisation) -> Result<(), String> {
    let Some(parent) = &o.parent else {
        return if o.kind.is_root() {
            Ok(())
        } else {
            Err(Reason::NeedsParentHere.message_id())
        };
    };
    let parent_kind = tree
        .kind_of(parent)
        .ok_or_else(|| Reason::ParentMissing.message_id())?;
    if !parent_kind.may_contain(o.kind) {
        return Err(Reason::PlacementNotAllowed.message_id());
    }
    if authz::lineage(tree, parent).contains(&o.id) {
        return Err(Reason::OrgNotUnderOwnSubtree.message_id());
    }
    Ok(())
}
