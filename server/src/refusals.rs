//! Notices of changes refused from members' phones, for their supervisors (`RejectedUpload`
//! records). The phone that made a refused change keeps it and flags the record, but nobody above
//! would know the member's work never arrived; a notice syncs to everyone who reads the member's
//! unit, like any record.
//!
//! The server writes them as its own user ("系统", `system`), whose device can never sync: no role allows
//! writing this kind, so a phone can neither forge a notice nor edit one away. A notice stands for
//! one device and one record, in the uploader's own unit — never the unit the refused change
//! claimed, which an insider chooses. What a flood of refused uploads can cost is bounded: a few
//! new notices per upload, and an existing notice counts again at most every ten minutes.

use std::collections::BTreeMap;
use steppe_domain::command::Command;

use automerge::{ActorId, AutoCommit, Change, ROOT, ReadDoc};
use steppe_domain::doc::{RecordDoc, apply_untrusted, parse_untrusted};
use steppe_domain::rejection::{RefusalReason, RejectedUpload};
use steppe_domain::{Id, RecordKind};
use steppe_protocol::{DocChanges, RejectReason, Rejection, chunk};

use crate::storage::{Commit, DeviceRecord, DocUpdate, NewChange, Storage, StorageError};
use crate::system;

/// New notices one upload may add; further refused records of that upload are logged only.
pub const MAX_NEW_PER_UPLOAD: usize = 8;
/// An existing notice counts again at most this often.
pub const RECOUNT_AFTER_MS: i64 = 10 * 60 * 1000;

/// Serialises notice writes in this process, so two uploads of one device never fork a notice.
static NOTING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn reason(r: RejectReason) -> RefusalReason {
    match r {
        RejectReason::ForeignActor => RefusalReason::ForeignActor,
        RejectReason::OutOfScope => RefusalReason::OutOfScope,
        RejectReason::RuleViolation => RefusalReason::RuleViolation,
        RejectReason::MissingDependency => RefusalReason::MissingDependency,
        // Malformed, and any reason a newer protocol adds.
        _ => RefusalReason::Malformed,
    }
}

/// The notice of `device`'s refused changes to `doc`: the same id however often it is written.
fn notice_id(device: &str, doc: &[u8; 16]) -> Id {
    let mut h = blake3::Hasher::new_derive_key("steppe 2026 rejected upload notice");
    h.update(&(device.len() as u64).to_le_bytes());
    h.update(device.as_bytes());
    h.update(doc);
    let mut id = [0u8; 16];
    id.copy_from_slice(&h.finalize().as_bytes()[..16]);
    Id::from_bytes(id)
}

/// The unit a user belongs to: their person record's.
async fn home_org(storage: &dyn Storage, user_id: &str) -> Result<Option<String>, StorageError> {
    let Ok(person) = Id::parse(user_id) else {
        return Ok(None);
    };
    Ok(storage
        .doc_scope(*person.as_bytes())
        .await?
        .filter(|(kind, _)| kind == RecordKind::Person.as_str())
        .map(|(_, org)| org))
}

/// The kind a record the server never stored claims to be, from its uploaded changes: what the
/// notice can say of a new record refused outright. Parsed as any untrusted upload is, and only
/// named, never believed.
fn claimed_kind(upload: &[DocChanges], doc: &[u8; 16]) -> Option<RecordKind> {
    let changes: Vec<Change> = upload
        .iter()
        .filter(|g| g.doc.as_ref() == Some(doc))
        .flat_map(|g| &g.changes)
        .filter_map(|c| parse_untrusted(chunk::expand(c)).ok())
        .collect();
    let mut d = AutoCommit::new();
    apply_untrusted(&mut d, changes).ok()?;
    match d.get(ROOT, "kind").ok()?? {
        (automerge::Value::Scalar(s), _) => s.as_str().and_then(RecordKind::parse),
        _ => None,
    }
}

/// One record's refused changes in this upload.
struct Refused {
    changes: i64,
    reason: RefusalReason,
    detail: String,
}

/// Records `rejected` (refused from `device`'s `upload` at `now`) as notices.
pub async fn record(
    storage: &dyn Storage,
    device: &DeviceRecord,
    upload: &[DocChanges],
    rejected: &[Rejection],
    now: i64,
) -> Result<(), StorageError> {
    // Refusals naming no record (an upload that did not say which) have no notice to go in.
    let mut by_doc: BTreeMap<[u8; 16], Refused> = BTreeMap::new();
    for r in rejected.iter().filter(|r| r.doc != [0; 16]) {
        let e = by_doc.entry(r.doc).or_insert(Refused {
            changes: 0,
            reason: reason(r.reason),
            detail: String::new(),
        });
        e.changes += 1;
        e.reason = reason(r.reason);
        e.detail = r.detail.chars().take(200).collect();
    }
    if by_doc.is_empty() {
        return Ok(());
    }
    let Some(org) = home_org(storage, &device.user_id).await? else {
        tracing::warn!(device = %device.id, "refused changes from a user without a unit: not noted");
        return Ok(());
    };
    let _one = NOTING.lock().await;
    let actor = system::actor(storage).await?;
    let user_name = storage
        .user(&device.user_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let mut commit = Commit::default();
    let mut created = 0;
    for (doc, refused) in by_doc {
        let id = notice_id(&device.id, &doc);
        let stored = storage.doc_changes(*id.as_bytes()).await?;
        let change = if stored.is_empty() {
            if created == MAX_NEW_PER_UPLOAD {
                tracing::warn!(device = %device.id, record = %Id::from_bytes(doc), "too many refused records in one upload: not noted");
                continue;
            }
            created += 1;
            let record_kind = match storage.doc_scope(doc).await? {
                Some((kind, _)) => RecordKind::parse(&kind),
                None => claimed_kind(upload, &doc),
            }
            .map(|k| k.as_str().to_string());
            let notice = RejectedUpload {
                org: org.clone(),
                user: device.user_id.clone(),
                user_name: user_name.clone(),
                device: device.id.clone(),
                device_name: device.name.clone(),
                record: Id::from_bytes(doc).to_string(),
                record_kind,
                reason: refused.reason,
                detail: refused.detail,
                first_at: now,
                last_at: now,
                changes: refused.changes,
            };
            let mut d = RecordDoc::create(
                id,
                &notice,
                ActorId::from(actor.clone()),
                now,
                Command::RejectionNote.code(),
            )
            .map_err(inconsistent)?;
            d.changes_since(&[]).pop()
        } else {
            let mut d = RecordDoc::load(
                id,
                &[],
                stored.iter().map(Vec::as_slice),
                ActorId::from(actor.clone()),
            )
            .map_err(inconsistent)?;
            let mut notice: RejectedUpload = d.read().map_err(inconsistent)?;
            if now - notice.last_at < RECOUNT_AFTER_MS {
                continue;
            }
            notice.count(refused.changes, refused.reason, refused.detail, now);
            d.write(&notice, now, Command::RejectionCount.code())
                .map_err(inconsistent)?
        };
        let Some(change) = change else { continue };
        push(&mut commit, id, &actor, &change, &org);
    }
    if !commit.changes.is_empty() {
        storage.commit(commit).await?;
    }
    Ok(())
}

fn push(commit: &mut Commit, id: Id, actor: &[u8], change: &Change, org: &str) {
    let doc = *id.as_bytes();
    commit.changes.push(NewChange {
        doc,
        hash: change.hash().0,
        actor: actor.to_vec(),
        bytes: change.raw_bytes().to_vec(),
    });
    commit.docs.push(DocUpdate {
        doc,
        kind: RecordKind::RejectedUpload.as_str().to_string(),
        org: org.to_string(),
    });
}

fn inconsistent(e: steppe_domain::DomainError) -> StorageError {
    StorageError::Inconsistent(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_id_is_stable_per_device_and_record_and_distinct_across_them() {
        let (a, b) = ([1u8; 16], [2u8; 16]);
        assert_eq!(notice_id("d1", &a), notice_id("d1", &a));
        assert_ne!(notice_id("d1", &a), notice_id("d1", &b));
        assert_ne!(notice_id("d1", &a), notice_id("d2", &a));
        // Lengths are framed: "d1" + record never equals "d" + a record starting with "1".
        assert_ne!(notice_id("d", &a), notice_id("d1", &a));
    }
}
