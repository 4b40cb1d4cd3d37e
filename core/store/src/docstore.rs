//! Documents in SQLite: a snapshot plus appended change chunks, each checked against a checksum
//! of our own on load; compaction that deletes nothing until the compacted form has been loaded
//! back and found to have the same heads.

use automerge::{ActorId, AutoCommit, Change, ReadDoc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use steppe_domain::doc::RecordDoc;
use steppe_domain::{DomainError, Id, RecordKind};

use crate::error::{CoreError, Result};

/// Compact a document once this many change chunks have been appended since its snapshot.
pub const COMPACT_AFTER: i64 = 64;

fn checksum(bytes: &[u8]) -> Vec<u8> {
    blake3::hash(bytes).as_bytes().to_vec()
}

fn corrupt(id: &str, detail: impl std::fmt::Display) -> CoreError {
    CoreError::Corrupt {
        id: id.to_string(),
        detail: detail.to_string(),
    }
}

/// A document as stored: possibly incomplete (changes whose ancestors have not arrived yet).
pub enum Stored {
    Complete(Box<RecordDoc>),
    Incomplete,
}

/// Reads a document's automerge state: snapshot plus every appended change, verified.
pub fn load_automerge(conn: &Connection, id: &str) -> Result<Option<AutoCommit>> {
    let row: Option<(Vec<u8>, Vec<u8>)> = conn
        .query_row(
            "SELECT snapshot, snapshot_sum FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((snapshot, sum)) = row else {
        return Ok(None);
    };
    if checksum(&snapshot) != sum {
        return Err(corrupt(id, "snapshot checksum mismatch"));
    }
    let mut doc = if snapshot.is_empty() {
        AutoCommit::new()
    } else {
        steppe_domain::doc::load_untrusted(&snapshot).map_err(|e| corrupt(id, e))?
    };
    let mut stmt =
        conn.prepare_cached("SELECT bytes, checksum FROM changes WHERE doc = ?1 ORDER BY seq")?;
    let mut changes = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let bytes: Vec<u8> = r.get(0)?;
        let sum: Vec<u8> = r.get(1)?;
        if checksum(&bytes) != sum {
            return Err(corrupt(id, "change checksum mismatch"));
        }
        changes.push(steppe_domain::doc::parse_untrusted(bytes).map_err(|e| corrupt(id, e))?);
    }
    steppe_domain::doc::apply_untrusted(&mut doc, changes).map_err(|e| corrupt(id, e))?;
    Ok(Some(doc))
}

/// Loads a record's document for reading or editing as `actor`.
pub fn load(conn: &Connection, id: Id, actor: &ActorId) -> Result<Stored> {
    let key = id.to_string();
    let Some(doc) = load_automerge(conn, &key)? else {
        return Err(CoreError::UnknownRecord { id: key });
    };
    complete(id, doc, actor)
}

/// A document new to this store, from the changes just stored for it, without reading them back:
/// the state [`load`] would read, since the store holds nothing else of it.
pub fn from_new_changes(id: Id, changes: Vec<Change>, actor: &ActorId) -> Result<Stored> {
    let mut doc = AutoCommit::new();
    steppe_domain::doc::apply_untrusted(&mut doc, changes)
        .map_err(|e| corrupt(&id.to_string(), e))?;
    complete(id, doc, actor)
}

/// A document whose every ancestor has arrived and whose envelope names its kind, as a record;
/// anything short of that waits.
fn complete(id: Id, mut doc: AutoCommit, actor: &ActorId) -> Result<Stored> {
    if !doc.get_missing_deps(&[]).is_empty()
        || doc.get(automerge::ROOT, "kind").ok().flatten().is_none()
    {
        return Ok(Stored::Incomplete);
    }
    doc.set_actor(actor.clone());
    RecordDoc::from_automerge(id, doc)
        .map(|d| Stored::Complete(Box::new(d)))
        .map_err(|e| corrupt(&id.to_string(), e))
}

/// Loads a complete record document or fails with not-found for the expected kind.
pub fn load_record(
    conn: &Connection,
    id: Id,
    kind: RecordKind,
    actor: &ActorId,
) -> Result<RecordDoc> {
    match load(conn, id, actor) {
        Ok(Stored::Complete(doc)) if doc.kind() == kind => Ok(*doc),
        Ok(_) | Err(CoreError::UnknownRecord { .. }) => Err(DomainError::NotFound {
            kind,
            id: id.to_string(),
        }
        .into()),
        Err(e) => Err(e),
    }
}

/// Whether the store holds anything of the document (a snapshot or a change).
pub fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
        .exists([id])?)
}

/// Whether this store has seen the change (applied, queued or compacted away).
pub fn knows_change(tx: &Transaction<'_>, hash: &[u8]) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM history WHERE hash = ?1 LIMIT 1")?
        .exists([hash])?)
}

/// Appends one change to a document's log and its history, creating the document row if this
/// is the first change seen for it. Returns false for a change already known (idempotent).
pub fn append_change(
    tx: &Transaction<'_>,
    doc: &str,
    change: &Change,
    local: bool,
) -> Result<bool> {
    let hash = change.hash();
    if knows_change(tx, &hash.0)? {
        return Ok(false);
    }
    let empty: &[u8] = &[];
    tx.prepare_cached("INSERT INTO documents(id, snapshot, snapshot_sum) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO NOTHING")?
        .execute(params![doc, empty, checksum(empty)])?;
    let bytes = change.raw_bytes();
    tx.prepare_cached("INSERT INTO changes(doc, hash, bytes, checksum) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![doc, &hash.0[..], bytes, checksum(bytes)])?;
    tx.prepare_cached("INSERT INTO history(doc, hash, actor, seq, at, message, local) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(
        params![doc, &hash.0[..], change.actor_id().to_hex_string(), change.seq() as i64, change.timestamp(), change.message().unwrap_or(""), local],
    )?;
    tx.prepare_cached("UPDATE documents SET pending = pending + 1 WHERE id = ?1")?
        .execute([doc])?;
    if local {
        tx.prepare_cached("INSERT INTO outbox(doc, hash) VALUES (?1, ?2)")?
            .execute(params![doc, &hash.0[..]])?;
    }
    Ok(true)
}

/// Records what kind of record a document holds once its envelope is known.
pub fn set_envelope(
    tx: &Transaction<'_>,
    doc: &str,
    kind: RecordKind,
    org: &str,
    schema: u64,
) -> Result<()> {
    tx.prepare_cached("UPDATE documents SET kind = ?2, org = ?3, schema = ?4 WHERE id = ?1")?
        .execute(params![doc, kind.as_str(), org, schema as i64])?;
    Ok(())
}

/// Folds a document's appended changes into a new snapshot once enough have accumulated.
/// Deletes nothing unless the snapshot, loaded back, has exactly the heads of the live document.
pub fn maybe_compact(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    let pending: i64 = tx
        .prepare_cached("SELECT pending FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    if pending < COMPACT_AFTER {
        return Ok(false);
    }
    compact(tx, id)
}

pub fn compact(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    let Some(mut live) = load_automerge(tx, id)? else {
        return Ok(false);
    };
    let snapshot = live.save();
    let mut reloaded = AutoCommit::load(&snapshot).map_err(|e| corrupt(id, e))?;
    let mut live_heads = live.get_heads();
    let mut re_heads = reloaded.get_heads();
    live_heads.sort();
    re_heads.sort();
    if live_heads != re_heads {
        tracing::error!(
            doc = id,
            "compaction round trip changed the heads; keeping the change log"
        );
        return Ok(false);
    }
    // Changes still waiting for their ancestors are not in the snapshot: keep their rows.
    let mut keep = Vec::new();
    {
        let mut stmt = tx.prepare_cached("SELECT seq, hash FROM changes WHERE doc = ?1")?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let hash: Vec<u8> = r.get(1)?;
            let Ok(h) = automerge::ChangeHash::try_from(hash.as_slice()) else {
                continue;
            };
            if reloaded.get_change_by_hash(&h).is_none() {
                keep.push(seq);
            }
        }
    }
    tx.prepare_cached(
        "UPDATE documents SET snapshot = ?2, snapshot_sum = ?3, pending = ?4 WHERE id = ?1",
    )?
    .execute(params![
        id,
        &snapshot,
        checksum(&snapshot),
        keep.len() as i64
    ])?;
    let keep_list = keep
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    tx.execute(
        &format!("DELETE FROM changes WHERE doc = ?1 AND seq NOT IN ({keep_list})"),
        [id],
    )?;
    Ok(true)
}
