//! One sync exchange, without HTTP: decide about the upload, store what was accepted, and
//! answer with a page of what is new in the device's scope.

use std::collections::BTreeSet;

use steppe_protocol::{SyncRequest, SyncResponse, WireChange};

use crate::ingest::{self, Uploader};
use crate::storage::{DeviceRecord, Storage, StorageError};
use crate::tree::{self, Tree};

/// The largest page a device may ask for, and the most changes in one.
pub const MAX_PAGE_BYTES: usize = 4 << 20;
pub const MAX_PAGE_CHANGES: usize = 10_000;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub applied: u64,
    pub rejected: u64,
    pub sent: u64,
}

pub async fn handle(
    storage: &dyn Storage,
    device: &DeviceRecord,
    req: &SyncRequest,
) -> Result<(SyncResponse, Counts), StorageError> {
    let grants = tree::grants(storage.grants(&device.user_id).await?);
    let mut tree = Tree::load(storage).await?;
    let who = Uploader {
        user_id: device.user_id.clone(),
        actor: device.actor.clone(),
        grants,
    };
    let decision = ingest::decide(storage, &mut tree, &who, &req.upload).await?;
    let mut counts = Counts {
        applied: decision.commit.changes.len() as u64,
        rejected: decision.rejected.len() as u64,
        sent: 0,
    };
    // An upload that touched organisations or people may change the tree or this user's roles:
    // only then read them again.
    let reshaped = !decision.commit.projections.is_empty();
    if !decision.commit.changes.is_empty() {
        storage.commit(decision.commit).await?;
    }
    let (grants, tree) = if reshaped {
        (
            tree::grants(storage.grants(&device.user_id).await?),
            Tree::load(storage).await?,
        )
    } else {
        (who.grants, tree)
    };
    let scope = tree.scope(&grants);
    let page_bytes = (req.page_bytes as usize).clamp(16 << 10, MAX_PAGE_BYTES);
    let page = storage
        .page(
            req.cursor,
            &scope,
            &device.actor,
            page_bytes,
            MAX_PAGE_CHANGES,
        )
        .await?;
    let actors: BTreeSet<Vec<u8>> = page.changes.iter().map(|c| c.actor.clone()).collect();
    let actors = if actors.is_empty() {
        Vec::new()
    } else {
        storage.actors(actors.into_iter().collect()).await?
    };
    counts.sent = page.changes.len() as u64;
    let resp = SyncResponse {
        acked_through: req.upload_through,
        rejected: decision.rejected,
        changes: page
            .changes
            .into_iter()
            .map(|c| WireChange {
                doc: c.doc,
                bytes: c.bytes,
            })
            .collect(),
        actors,
        cursor: page.cursor,
        more: page.more,
    };
    Ok((resp, counts))
}
