//! Writes made on the pages (a conflict resolved, a course created, a session scheduled, a
//! meeting recorded with its items). Each is a change by the signed-in user's own web actor — bound to
//! the user like a device, so history shows the person — decided and stored by
//! `ingest::accept` exactly as a phone's upload: a read-only supervisor's page write is refused
//! there, not by what the page chose to show.

use automerge::{ActorId, Change};
use rand_core::{OsRng, RngCore};
use steppe_domain::command::Command;
use steppe_domain::doc::RecordDoc;
use steppe_domain::{Id, Record};
use steppe_protocol::{DocChanges, Rejection, chunk};

use crate::clock::now_ms;
use crate::ingest;
use crate::storage::{DeviceRecord, Storage, StorageError};

/// What the web actor's device row holds instead of a token hash: no token ever verifies
/// against it, so the web actor cannot sync.
const NO_TOKEN: &str = "web-actor:no-token";

#[derive(Debug, thiserror::Error)]
pub enum WebWriteError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The domain refused the edit itself (no such conflict, a rule broken by the choice).
    #[error("{0}")]
    Domain(#[from] steppe_domain::DomainError),
    /// Ingest refused the change: the same answer a phone would get.
    #[error("refused: {}", .0.detail)]
    Refused(Rejection),
}

/// The user's web actor, created on their first page write.
pub async fn web_actor(storage: &dyn Storage, user_id: &str) -> Result<Vec<u8>, StorageError> {
    let id = format!("web-{user_id}");
    if let Some(d) = storage.device(&id).await? {
        return Ok(d.actor);
    }
    let mut actor = vec![0u8; 16];
    OsRng.fill_bytes(&mut actor);
    let device = DeviceRecord {
        id: id.clone(),
        user_id: user_id.to_string(),
        // Stored once and shown to everyone (histories, `steppe-server devices`): in the
        // default language, not in the words of whoever wrote first.
        name: steppe_i18n::Catalogue::global().text(steppe_i18n::Locale::ZhHans, "web_device_name"),
        actor,
        token_hash: NO_TOKEN.into(),
        revoked: false,
    };
    if let Err(e) = storage.put_device(&device).await {
        // Two first writes at once: the other one's row stands.
        return match storage.device(&id).await? {
            Some(d) => Ok(d.actor),
            None => Err(e),
        };
    }
    Ok(device.actor)
}

/// Resolves a conflict in `doc` by keeping candidate `choice` of `object`.`key`, as `user_id`.
pub async fn resolve_conflict(
    storage: &dyn Storage,
    user_id: &str,
    doc: Id,
    object: &str,
    key: &str,
    choice: usize,
) -> Result<(), WebWriteError> {
    let actor = web_actor(storage, user_id).await?;
    let mut record = stored_as(storage, doc, &actor).await?;
    let Some(change) = record.resolve(object, key, choice, now_ms())? else {
        return Ok(());
    };
    submit(storage, user_id, &actor, doc, &change).await
}

/// Creates `record` as a new record, as `user_id` (a course, a session scheduled at a desk).
pub async fn create<R: Record>(
    storage: &dyn Storage,
    user_id: &str,
    record: &R,
    command: Command,
) -> Result<Id, WebWriteError> {
    create_with_id(storage, user_id, Id::new(), record, command).await
}

/// [`create`] under an id the record's natural key gives (a member's evaluation of a year).
pub async fn create_with_id<R: Record>(
    storage: &dyn Storage,
    user_id: &str,
    id: Id,
    record: &R,
    command: Command,
) -> Result<Id, WebWriteError> {
    let actor = web_actor(storage, user_id).await?;
    let mut doc = RecordDoc::create(
        id,
        record,
        ActorId::from(actor.clone()),
        now_ms(),
        command.code(),
    )?;
    let first = doc
        .changes_since(&[])
        .pop()
        .ok_or_else(|| StorageError::Inconsistent("a new record has no change".into()))?;
    submit(storage, user_id, &actor, id, &first).await?;
    Ok(id)
}

/// Changes the stored record `doc` by `edit` (a domain command), as `user_id`: the record as the
/// server holds it, edited with the user's web actor, uploaded like a phone's change.
pub async fn update<R: Record>(
    storage: &dyn Storage,
    user_id: &str,
    doc: Id,
    command: Command,
    edit: impl FnOnce(&mut R, i64) -> Result<(), steppe_domain::DomainError>,
) -> Result<(), WebWriteError> {
    let actor = web_actor(storage, user_id).await?;
    let mut record = stored_as(storage, doc, &actor).await?;
    let mut value: R = record.read()?;
    let now = now_ms();
    edit(&mut value, now)?;
    let Some(change) = record.write(&value, now, command.code())? else {
        return Ok(());
    };
    submit(storage, user_id, &actor, doc, &change).await
}

/// The record `doc` as the server holds it, to be changed by `actor`.
async fn stored_as(
    storage: &dyn Storage,
    doc: Id,
    actor: &[u8],
) -> Result<RecordDoc, WebWriteError> {
    let stored = storage.doc_changes(*doc.as_bytes()).await?;
    Ok(RecordDoc::load(
        doc,
        &[],
        stored.iter().map(Vec::as_slice),
        ActorId::from(actor.to_vec()),
    )?)
}

/// Uploads one change the way a phone does: through `ingest::accept`, with the user's roles.
async fn submit(
    storage: &dyn Storage,
    user_id: &str,
    actor: &[u8],
    doc: Id,
    change: &Change,
) -> Result<(), WebWriteError> {
    let compact = chunk::compact(change.raw_bytes())
        .ok_or_else(|| StorageError::Inconsistent("a new change is not a chunk".into()))?
        .to_vec();
    let upload = [DocChanges {
        doc: Some(*doc.as_bytes()),
        changes: vec![compact],
    }];
    let mut outcome = ingest::accept(storage, user_id, actor, &upload).await?;
    match outcome.rejected.pop() {
        Some(r) => Err(WebWriteError::Refused(r)),
        None => Ok(()),
    }
}
