//! One sync exchange, without HTTP: decide about the upload, store what was accepted, and
//! answer with pages of what is new in the device's scope — the first at once, the rest as the
//! device reads them (one response streams several pages).

use std::collections::{BTreeSet, HashMap};

use automerge::Change;
use steppe_domain::Id;
use steppe_protocol::{
    DocChanges, MAX_PAGE_BYTES, MIN_PAGE_BYTES, SyncRequest, SyncResponse, Visible, chunk,
};

use crate::clock::now_ms;
use crate::lineage::Lineage;
use crate::storage::{DeviceRecord, PageChange, Scope, Storage, StorageError};
use crate::tree::{self, Tree};
use crate::{ingest, refusals};

/// The most changes in one page (its bytes are bounded by the protocol's page limits).
pub const MAX_PAGE_CHANGES: usize = 10_000;
/// Most incomplete documents served in one response.
const MAX_WANTED: usize = 256;
/// Most pages streamed in one response; the last one says whether to ask again.
pub const MAX_PAGES_PER_RESPONSE: usize = 64;

/// Pages still to send in this response.
#[derive(Debug)]
pub struct MorePages {
    device_id: String,
    user_id: String,
    scope: Scope,
    actor: Vec<u8>,
    cursor: u64,
    page_bytes: usize,
    pages_left: usize,
}

impl MorePages {
    /// The next page, or `None` when this response is complete.
    pub async fn next(
        &mut self,
        storage: &dyn Storage,
    ) -> Result<Option<(SyncResponse, u64)>, StorageError> {
        if self.pages_left == 0 {
            return Ok(None);
        }
        // A device revoked while its response streams gets no further page: revocation takes
        // effect within one page, not after the whole response.
        let device = storage.device(&self.device_id).await?;
        let user = storage.user(&self.user_id).await?;
        if device.is_none_or(|d| d.revoked) || user.is_none_or(|u| u.revoked) {
            tracing::info!(device = %self.device_id, "revoked during a response: stopped");
            self.pages_left = 0;
            return Ok(None);
        }
        let page = storage
            .page(
                self.cursor,
                &self.scope,
                &self.actor,
                self.page_bytes,
                MAX_PAGE_CHANGES,
            )
            .await?;
        self.pages_left = if page.more { self.pages_left - 1 } else { 0 };
        self.cursor = page.cursor;
        let sent = page.changes.len() as u64;
        let (changes, actors) = package(storage, page.changes).await?;
        let resp = SyncResponse {
            acked_through: 0,
            rejected: Vec::new(),
            changes,
            actors,
            cursor: page.cursor,
            scope: None,
            visible: None,
            more: page.more,
        };
        Ok(Some((resp, sent)))
    }
}

/// What one request gets: the first page (with the upload's outcome) and the pages after it.
#[derive(Debug)]
pub struct Exchange {
    pub first: SyncResponse,
    pub counts: Counts,
    pub rest: MorePages,
    /// The end of the log the first page was cut against, for the device's progress bar.
    pub head: u64,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub applied: u64,
    pub rejected: u64,
    pub sent: u64,
}

pub async fn handle(
    storage: &dyn Storage,
    lineage: Lineage,
    device: &DeviceRecord,
    req: &SyncRequest,
) -> Result<Exchange, StorageError> {
    let (tree, grants, rejected, applied) = if req.upload.is_empty() {
        (
            Tree::load(storage).await?,
            tree::grants(storage.grants(&device.user_id).await?),
            Vec::new(),
            0,
        )
    } else {
        let o = ingest::accept(storage, &device.user_id, &device.actor, &req.upload).await?;
        if !o.rejected.is_empty() {
            // The upload stands whatever becomes of its notices: a failure here is logged, and
            // the device still learns of its refusals from this response.
            if let Err(e) =
                refusals::record(storage, device, &req.upload, &o.rejected, now_ms()).await
            {
                tracing::warn!(device = %device.id, error = %e, "refused changes not noted");
            }
        }
        (o.tree, o.grants, o.rejected, o.applied)
    };
    let mut counts = Counts {
        applied,
        rejected: rejected.len() as u64,
        sent: 0,
    };
    let scope = with_own_person(storage, tree.scope(&grants), &device.user_id).await?;
    // A restored database's cursors are not the ones it issued before: its lineage is part of
    // every fingerprint (ADR 0012).
    let scope_hash = lineage.fingerprint(scope.fingerprint());
    // A cursor is only meaningful in the scope it was issued for. When the user's scope changed
    // (a new role, a unit moved under theirs), start again from 0: what the device already holds
    // is skipped there, what it never saw arrives.
    let cursor = if req.scope == scope_hash {
        req.cursor
    } else {
        if req.cursor > 0 {
            tracing::info!(device = %device.id, "scope changed: rescanning from 0");
        }
        0
    };
    let page_bytes = req.page_bytes.clamp(MIN_PAGE_BYTES, MAX_PAGE_BYTES) as usize;
    let page = storage
        .page(cursor, &scope, &device.actor, page_bytes, MAX_PAGE_CHANGES)
        .await?;
    let page_head = page.head;
    let mut changes = page.changes;
    changes.extend(wanted(storage, &scope, &req.want).await?);
    counts.sent = changes.len() as u64;
    let (changes, actors) = package(storage, changes).await?;
    let first = SyncResponse {
        acked_through: req.upload_through,
        rejected,
        changes,
        actors,
        cursor: page.cursor,
        scope: (req.scope != scope_hash).then_some(scope_hash),
        visible: (req.scope != scope_hash).then(|| Visible::from(&scope)),
        more: page.more,
    };
    let rest = MorePages {
        device_id: device.id.clone(),
        user_id: device.user_id.clone(),
        actor: device.actor.clone(),
        cursor: page.cursor,
        page_bytes,
        pages_left: if page.more {
            MAX_PAGES_PER_RESPONSE - 1
        } else {
            0
        },
        scope,
    };
    Ok(Exchange {
        first,
        counts,
        rest,
        head: page_head,
    })
}

/// Groups changes for the wire and names their actors (the pages' replica catches up with the
/// same shape phones get).
pub(crate) async fn package(
    storage: &dyn Storage,
    changes: Vec<PageChange>,
) -> Result<(Vec<DocChanges>, Vec<steppe_protocol::ActorEntry>), StorageError> {
    let actors: BTreeSet<Vec<u8>> = changes.iter().map(|c| c.actor.clone()).collect();
    let actors = if actors.is_empty() {
        Vec::new()
    } else {
        storage.actors(actors.into_iter().collect()).await?
    };
    Ok((group(changes)?, actors))
}

/// The whole history of documents the device holds incomplete, for those in its scope. A
/// document out of scope or unknown gets the same answer: nothing.
/// `scope`, reaching also the user's own person record if their units do not: every user reads
/// their own name and roles (a mediator's person may belong to a gacha, the role to a branch).
async fn with_own_person(
    storage: &dyn Storage,
    scope: Scope,
    user_id: &str,
) -> Result<Scope, StorageError> {
    let Ok(person) = Id::parse(user_id) else {
        return Ok(scope);
    };
    Ok(match storage.doc_scope(*person.as_bytes()).await? {
        Some((kind, org)) => scope.with_person(user_id, &kind, &org),
        None => scope,
    })
}

async fn wanted(
    storage: &dyn Storage,
    scope: &Scope,
    want: &[[u8; 16]],
) -> Result<Vec<PageChange>, StorageError> {
    let mut out = Vec::new();
    for doc in want.iter().take(MAX_WANTED) {
        let Some((kind, org)) = storage.doc_scope(*doc).await? else {
            continue;
        };
        if !scope.covers_record(&Id::from_bytes(*doc).to_string(), &kind, &org) {
            continue;
        }
        for bytes in storage.doc_changes(*doc).await? {
            let change = Change::from_bytes(bytes.clone())
                .map_err(|e| StorageError::Inconsistent(e.to_string()))?;
            out.push(PageChange {
                seq: 0,
                doc: *doc,
                actor: change.actor_id().to_bytes().to_vec(),
                bytes,
            });
        }
    }
    Ok(out)
}

/// Groups changes by document in order of first appearance, compact. A group holding the
/// document's first change leaves the id out: the device reads it from the record's envelope.
fn group(changes: Vec<PageChange>) -> Result<Vec<DocChanges>, StorageError> {
    let mut groups: Vec<DocChanges> = Vec::new();
    let mut index: HashMap<[u8; 16], usize> = HashMap::new();
    let mut roots: Vec<bool> = Vec::new();
    for c in changes {
        let compact = chunk::compact(&c.bytes)
            .ok_or_else(|| StorageError::Inconsistent("stored change is not a chunk".into()))?
            .to_vec();
        let i = *index.entry(c.doc).or_insert_with(|| {
            groups.push(DocChanges {
                doc: Some(c.doc),
                changes: Vec::new(),
            });
            roots.push(false);
            groups.len() - 1
        });
        roots[i] |= chunk::is_root(&compact);
        groups[i].changes.push(compact);
    }
    for (g, root) in groups.iter_mut().zip(roots) {
        if root {
            g.doc = None;
        }
    }
    Ok(groups)
}
