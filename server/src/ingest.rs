//! Deciding about uploaded changes — from a phone's sync or a page's form, the same way: each
//! change through `steppe_domain::admission::admit` (ADR 0007), under one lock per server so no
//! other upload moves a record or a unit between the check and the commit.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use automerge::{AutoCommit, Change};
use steppe_domain::admission::{self, Admitted, Author, Refusal};
use steppe_domain::authz::Grant;
use steppe_domain::doc::RecordDoc;
use steppe_domain::{Id, RecordKind};
use steppe_protocol::{DocChanges, RejectReason, Rejection, chunk};

use crate::projections;
use crate::storage::{Commit, DocUpdate, NewChange, Storage, StorageError};
use crate::tree::Tree;

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

/// Serialises deciding and storing. A decision reads the tree, the uploader's roles and each
/// document's stored changes; another upload committed between that read and this commit could
/// move a record or a unit out from under the check. One server process decides one upload at
/// a time (uploads are small and rare beside downloads, which do not take this lock).
static DECIDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What an accepted upload did, and the tree and roles as they stand after it.
#[derive(Debug)]
pub struct Outcome {
    pub applied: u64,
    pub rejected: Vec<Rejection>,
    pub tree: Tree,
    pub grants: Vec<Grant>,
}

/// Decides about `upload` by a user's `actor` and stores what was accepted, atomically with
/// respect to other uploads to this server. The tree and roles are read under the lock, and read
/// again after a commit that touched organisations or people.
pub async fn accept(
    storage: &dyn Storage,
    user_id: &str,
    actor: &[u8],
    upload: &[DocChanges],
) -> Result<Outcome, StorageError> {
    let _one = DECIDING.lock().await;
    let grants = crate::tree::grants(storage.grants(user_id).await?);
    let mut tree = Tree::load(storage).await?;
    let who = Author {
        user_id,
        actor,
        grants: &grants,
        received_at: crate::clock::now_ms(),
    };
    let Decision { commit, rejected } = decide(storage, &mut tree, who, upload).await?;
    let applied = commit.changes.len() as u64;
    let reshaped = !commit.projections.is_empty();
    if !commit.changes.is_empty() {
        storage.commit(commit).await?;
    }
    let (tree, grants) = if reshaped {
        (
            Tree::load(storage).await?,
            crate::tree::grants(storage.grants(user_id).await?),
        )
    } else {
        (tree, grants)
    };
    Ok(Outcome {
        applied,
        rejected,
        tree,
        grants,
    })
}

/// An uploaded change, compact and expanded.
type Pair<'a> = (&'a [u8], Vec<u8>);

pub async fn decide(
    storage: &dyn Storage,
    tree: &mut Tree,
    author: Author<'_>,
    upload: &[DocChanges],
) -> Result<Decision, StorageError> {
    let mut out = Decision::default();
    // Changes the server already holds are accepted history: skipped before any check, so a
    // phone offering its changes again (a restored server, ADR 0012) is never refused what was
    // allowed when it was written, whatever its author may write today.
    let known = storage
        .known(
            upload
                .iter()
                .flat_map(|g| g.changes.iter().map(|c| chunk::hash(c)))
                .collect(),
        )
        .await?;
    // A change listed twice (under two records, by a modified app) is judged once, where it
    // first appears.
    let mut listed: std::collections::HashSet<[u8; 32]> = std::collections::HashSet::new();
    // Group by document, keeping each document's changes in upload order. Uploads must name
    // their documents; changes travel compact and are expanded to full chunks here.
    let mut order: Vec<[u8; 16]> = Vec::new();
    // Per document: each change compact (as the device names it) and expanded.
    let mut by_doc: BTreeMap<[u8; 16], Vec<Pair<'_>>> = BTreeMap::new();
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
        let fresh: Vec<Pair<'_>> = group
            .changes
            .iter()
            .filter(|c| {
                let hash = chunk::hash(c);
                !known.contains(&hash) && listed.insert(hash)
            })
            .map(|c| (c.as_slice(), chunk::expand(c)))
            .collect();
        if fresh.is_empty() {
            continue;
        }
        if !by_doc.contains_key(&doc) {
            order.push(doc);
        }
        by_doc.entry(doc).or_default().extend(fresh);
    }
    for doc in order {
        let Some(changes) = by_doc.get(&doc) else {
            continue;
        };
        if let Some((kind, org)) = storage.doc_scope(doc).await? {
            let known = RecordKind::parse(&kind);
            if known.is_none_or(|k| !admission::may_touch(author, tree, k, &org)) {
                for (compact, _) in changes {
                    out.rejected.push(reject(
                        doc,
                        chunk::hash(compact),
                        RejectReason::OutOfScope,
                        "this record is outside what you may write",
                    ));
                }
                continue;
            }
        }
        let stored: Vec<Change> = storage
            .doc_changes(doc)
            .await?
            .into_iter()
            .filter_map(|b| Change::from_bytes(b).ok())
            .collect();
        let rebuild = |accepted: &[Change]| -> Result<AutoCommit, StorageError> {
            let mut d = AutoCommit::new();
            steppe_domain::doc::apply_untrusted(
                &mut d,
                stored.iter().chain(accepted).cloned().collect(),
            )
            .map_err(|e| StorageError::Inconsistent(e.to_string()))?;
            Ok(d)
        };
        let mut current = rebuild(&[])?;
        let mut accepted: Vec<Change> = Vec::new();
        for (compact, bytes) in changes {
            // automerge can panic on crafted changes well past parsing (in `fork_at`, found by
            // an insider's bit-flipped change): the panic refuses this change alone.
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                admission::admit(&mut current, &*tree, author, Id::from_bytes(doc), bytes)
            }));
            match outcome {
                Ok(Ok(Admitted::New { change, placed })) => {
                    if let Some(o) = placed {
                        tree.upsert(o.id, o.parent, o.kind);
                    }
                    out.commit.changes.push(NewChange {
                        doc,
                        hash: change.hash().0,
                        actor: author.actor.to_vec(),
                        bytes: bytes.clone(),
                    });
                    accepted.push(*change);
                }
                Ok(Ok(Admitted::Known)) => {}
                Ok(Err((hash, refusal))) => {
                    let (reason, detail) = match refusal {
                        Refusal::Malformed(d) => (RejectReason::Malformed, d),
                        Refusal::ForeignActor => (
                            RejectReason::ForeignActor,
                            "the change was not made by this device".into(),
                        ),
                        Refusal::MissingDependency => (
                            RejectReason::MissingDependency,
                            "an earlier change of this record is missing".into(),
                        ),
                        Refusal::RuleViolation(d) => (RejectReason::RuleViolation, d),
                        Refusal::OutOfScope(d) => (RejectReason::OutOfScope, d),
                    };
                    // A change too broken to parse is named by the hash of its bytes, as the
                    // device's outbox names it.
                    let hash = if hash.0 == [0; 32] {
                        chunk::hash(compact)
                    } else {
                        hash.0
                    };
                    out.rejected.push(reject(doc, hash, reason, detail));
                }
                Err(_) => {
                    tracing::warn!(
                        doc = %Id::from_bytes(doc),
                        "an uploaded change made automerge panic; refused"
                    );
                    out.rejected.push(reject(
                        doc,
                        chunk::hash(compact),
                        RejectReason::Malformed,
                        "automerge could not process the change",
                    ));
                    current = rebuild(&accepted)?;
                }
            }
        }
        if !accepted.is_empty() {
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
