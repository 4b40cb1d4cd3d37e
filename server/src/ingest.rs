//! Deciding about uploaded changes. Each change is checked as its author saw it: parsed with a
//! size limit, its actor bound to the uploading device, its dependencies present, and the record
//! at that change (its own state, not the server's merge with others) validated with the same
//! domain rules the phone runs and authorised for the user's roles before and after.

use std::collections::BTreeMap;

use automerge::{AutoCommit, Change, ChangeHash};
use steppe_domain::authz::{self, Grant};
use steppe_domain::doc::RecordDoc;
use steppe_domain::org::Organisation;
use steppe_domain::write_check::{governing_org, required_action};
use steppe_domain::{Id, RecordKind};
use steppe_protocol::{DocChanges, RejectReason, Rejection, chunk};

use crate::projections;
use crate::storage::{Commit, DocUpdate, NewChange, Storage, StorageError};
use crate::tree::Tree;

/// Who is uploading.
#[derive(Debug, Clone)]
pub struct Uploader {
    pub user_id: String,
    pub actor: Vec<u8>,
    pub grants: Vec<Grant>,
}

/// The outcome of an upload: what to store, and what was refused.
#[derive(Debug, Default)]
pub struct Decision {
    pub commit: Commit,
    pub rejected: Vec<Rejection>,
}

fn reject(
    doc: [u8; 16],
    hash: [u8; 32],
    reason: RejectReason,
    detail: impl Into<String>,
) -> Rejection {
    Rejection {
        doc,
        hash,
        reason,
        detail: detail.into(),
    }
}

pub async fn decide(
    storage: &dyn Storage,
    tree: &mut Tree,
    who: &Uploader,
    upload: &[DocChanges],
) -> Result<Decision, StorageError> {
    let mut out = Decision::default();
    // Group by document, keeping each document's changes in upload order. Uploads must name
    // their documents; changes travel compact and are expanded to full chunks here.
    let mut order: Vec<[u8; 16]> = Vec::new();
    let mut by_doc: BTreeMap<[u8; 16], Vec<Vec<u8>>> = BTreeMap::new();
    for group in upload {
        let Some(doc) = group.doc else {
            for c in &group.changes {
                out.rejected.push(reject(
                    [0; 16],
                    chunk::hash(c),
                    RejectReason::Malformed,
                    "an upload must name its record",
                ));
            }
            continue;
        };
        if !by_doc.contains_key(&doc) {
            order.push(doc);
        }
        by_doc
            .entry(doc)
            .or_default()
            .extend(group.changes.iter().map(|c| chunk::expand(c)));
    }
    for doc in order {
        let Some(changes) = by_doc.get(&doc) else {
            continue;
        };
        let mut current = AutoCommit::new();
        let stored: Vec<Change> = storage
            .doc_changes(doc)
            .await?
            .into_iter()
            .filter_map(|b| Change::from_bytes(b).ok())
            .collect();
        current
            .apply_changes(stored)
            .map_err(|e| StorageError::Inconsistent(e.to_string()))?;
        let mut accepted_any = false;
        for bytes in changes {
            match check(&mut current, tree, who, doc, bytes) {
                Ok(Some(change)) => {
                    out.commit.changes.push(NewChange {
                        doc,
                        hash: change.hash().0,
                        actor: who.actor.clone(),
                        bytes: bytes.clone(),
                    });
                    accepted_any = true;
                }
                Ok(None) => {}
                Err(r) => out.rejected.push(r),
            }
        }
        if accepted_any {
            let merged = RecordDoc::from_automerge(Id::from_bytes(doc), current)
                .map_err(|e| StorageError::Inconsistent(e.to_string()))?;
            if let Ok(org) = merged.scope_org() {
                out.commit.docs.push(DocUpdate {
                    doc,
                    kind: merged.kind().as_str().to_string(),
                    org,
                });
            }
            out.commit.projections.extend(projections::of(&merged));
        }
    }
    Ok(out)
}

/// One change: `Ok(Some)` accepted (and applied to `current`), `Ok(None)` already stored,
/// `Err` refused.
fn check(
    current: &mut AutoCommit,
    tree: &mut Tree,
    who: &Uploader,
    doc: [u8; 16],
    bytes: &[u8],
) -> Result<Option<Change>, Rejection> {
    let change = steppe_domain::doc::parse_untrusted(bytes.to_vec()).map_err(|_| {
        reject(
            doc,
            [0; 32],
            RejectReason::Malformed,
            "not an automerge change",
        )
    })?;
    let hash = change.hash();
    if current.get_change_by_hash(&hash).is_some() {
        return Ok(None);
    }
    if change.actor_id().to_bytes() != who.actor.as_slice() {
        return Err(reject(
            doc,
            hash.0,
            RejectReason::ForeignActor,
            "the change was not made by this device",
        ));
    }
    if change
        .deps()
        .iter()
        .any(|d| current.get_change_by_hash(d).is_none())
    {
        return Err(reject(
            doc,
            hash.0,
            RejectReason::MissingDependency,
            "an earlier change of this record is missing",
        ));
    }
    let id = Id::from_bytes(doc);
    let deps: Vec<ChangeHash> = change.deps().to_vec();
    let before = if deps.is_empty() {
        None
    } else {
        let at = current.fork_at(&deps).map_err(|_| {
            reject(
                doc,
                hash.0,
                RejectReason::Malformed,
                "cannot rebuild the record before the change",
            )
        })?;
        Some(
            RecordDoc::from_automerge(id, at)
                .map_err(|_| reject(doc, hash.0, RejectReason::Malformed, "not a Steppe record"))?,
        )
    };
    let mut trial = current.fork();
    steppe_domain::doc::apply_untrusted(&mut trial, vec![change.clone()])
        .map_err(|e| reject(doc, hash.0, RejectReason::Malformed, e.to_string()))?;
    let at = trial.fork_at(&[hash]).map_err(|_| {
        reject(
            doc,
            hash.0,
            RejectReason::Malformed,
            "cannot rebuild the record",
        )
    })?;
    let after = RecordDoc::from_automerge(id, at)
        .map_err(|_| reject(doc, hash.0, RejectReason::Malformed, "not a Steppe record"))?;
    if let Some(b) = &before
        && b.kind() != after.kind()
    {
        return Err(reject(
            doc,
            hash.0,
            RejectReason::Malformed,
            "a record cannot change kind",
        ));
    }
    after
        .validate_any()
        .map_err(|e| reject(doc, hash.0, RejectReason::RuleViolation, e.to_string()))?;

    let action = required_action(before.as_ref(), &after, &who.user_id)
        .map_err(|e| reject(doc, hash.0, RejectReason::Malformed, e.to_string()))?;
    let mut orgs = vec![
        governing_org(&after)
            .map_err(|e| reject(doc, hash.0, RejectReason::Malformed, e.to_string()))?,
    ];
    if let Some(b) = &before {
        orgs.push(
            governing_org(b)
                .map_err(|e| reject(doc, hash.0, RejectReason::Malformed, e.to_string()))?,
        );
    }
    if orgs
        .iter()
        .any(|o| !authz::permits_write(&who.grants, tree, o, after.kind(), action))
    {
        return Err(reject(
            doc,
            hash.0,
            RejectReason::OutOfScope,
            format!("{action:?} is not allowed here"),
        ));
    }
    // The same change already applied cleanly to a fork of `current`.
    steppe_domain::doc::apply_untrusted(current, vec![change.clone()])
        .map_err(|e| reject(doc, hash.0, RejectReason::Malformed, e.to_string()))?;
    if after.kind() == RecordKind::Organisation
        && let Ok(o) = after.read::<Organisation>()
    {
        tree.upsert(o.id, o.parent, o.kind);
    }
    Ok(Some(change))
}

/// What the server records about a document after `extra` changes are added to what it stores:
/// its kind and organisation, and the projections scope depends on. For changes the server makes
/// itself (a conflict resolved on a page).
pub async fn describe(
    storage: &dyn Storage,
    doc: [u8; 16],
    extra: &[Vec<u8>],
) -> Result<(Option<DocUpdate>, Vec<crate::storage::Projection>), StorageError> {
    let mut current = AutoCommit::new();
    let mut changes: Vec<Change> = Vec::new();
    for bytes in storage
        .doc_changes(doc)
        .await?
        .into_iter()
        .chain(extra.iter().cloned())
    {
        changes.push(
            Change::from_bytes(bytes).map_err(|e| StorageError::Inconsistent(e.to_string()))?,
        );
    }
    current
        .apply_changes(changes)
        .map_err(|e| StorageError::Inconsistent(e.to_string()))?;
    let merged = RecordDoc::from_automerge(Id::from_bytes(doc), current)
        .map_err(|e| StorageError::Inconsistent(e.to_string()))?;
    let update = merged.scope_org().ok().map(|org| DocUpdate {
        doc,
        kind: merged.kind().as_str().to_string(),
        org,
    });
    Ok((update, projections::of(&merged)))
}
