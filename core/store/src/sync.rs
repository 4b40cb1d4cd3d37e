//! The device's half of a sync exchange, without I/O: build the request (cursor and unsent
//! local changes), then apply the response (acknowledgements, rejections, a page of changes and
//! the new cursor) in one transaction. A lost response changes nothing here; the retried request
//! carries the same changes and the server recognises them.

use std::collections::BTreeMap;

use automerge::ChangeHash;
use rusqlite::{OptionalExtension, params};
use steppe_domain::Id;
use steppe_protocol::{ActorEntry, SyncRequest, SyncResponse, WireChange};

use crate::docstore;
use crate::error::{CoreError, Result};
use crate::identity::ActorInfo;
use crate::replication::{ChangeEnvelope, apply_in, parse_changes};
use crate::steppe::Steppe;

/// What one exchange (or a whole sync of several pages) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Local changes the server settled as stored.
    pub sent: u64,
    /// Changes received that were new here.
    pub received: u64,
    /// Local changes the server refused (kept here, flagged).
    pub rejected: u64,
    /// Conflicted fields in the records this sync touched.
    pub conflicts: u64,
    /// Round trips made.
    pub round_trips: u64,
    /// The server has more for this device, or this device has more to send.
    pub more: bool,
}

impl SyncReport {
    pub fn add(&mut self, other: &SyncReport) {
        self.sent += other.sent;
        self.received += other.received;
        self.rejected += other.rejected;
        self.conflicts += other.conflicts;
        self.round_trips += other.round_trips;
        self.more = other.more;
    }
}

/// A local change the server refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedChange {
    pub doc: Id,
    pub hash: String,
    pub reason: String,
    pub detail: String,
}

/// Most local changes one request carries; the rest go in the next round trip.
const MAX_UPLOAD_CHANGES: usize = 2_000;
const MAX_UPLOAD_BYTES: usize = 2 << 20;

impl Steppe {
    /// The request for the next exchange: the cursor, and unsent local changes, oldest first.
    pub fn sync_request(&self, page_bytes: u32) -> Result<SyncRequest> {
        self.read(|c| {
            let cursor: u64 = c
                .query_row("SELECT value FROM meta WHERE key = 'sync_cursor'", [], |r| r.get::<_, String>(0))
                .optional()?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut stmt = c.prepare_cached(
                "SELECT o.seq, o.doc, o.hash FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM rejections r WHERE r.hash = o.hash) ORDER BY o.seq LIMIT ?1",
            )?;
            let rows: Vec<(i64, String, Vec<u8>)> =
                stmt.query_map([MAX_UPLOAD_CHANGES as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
            let mut docs: BTreeMap<String, automerge::AutoCommit> = BTreeMap::new();
            let mut upload = Vec::new();
            let mut bytes = 0usize;
            let mut through = 0u64;
            for (seq, doc, hash) in rows {
                if !docs.contains_key(&doc) {
                    let am = docstore::load_automerge(c, &doc)?.ok_or_else(|| CoreError::Corrupt { id: doc.clone(), detail: "outbox names a missing document".into() })?;
                    docs.insert(doc.clone(), am);
                }
                let am = docs.get_mut(&doc).ok_or_else(|| CoreError::Corrupt { id: doc.clone(), detail: "document cache".into() })?;
                let h = ChangeHash::try_from(hash.as_slice()).map_err(|_| CoreError::Corrupt { id: doc.clone(), detail: "outbox hash".into() })?;
                let change = am.get_change_by_hash(&h).ok_or_else(|| CoreError::Corrupt { id: doc.clone(), detail: "outbox change missing from its document".into() })?;
                let id = Id::parse(&doc).map_err(|_| CoreError::Corrupt { id: doc.clone(), detail: "document id".into() })?;
                bytes += change.raw_bytes().len();
                upload.push(WireChange { doc: *id.as_bytes(), bytes: change.raw_bytes().to_vec() });
                through = seq as u64;
                if bytes >= MAX_UPLOAD_BYTES {
                    break;
                }
            }
            Ok(SyncRequest { cursor, upload, upload_through: through, page_bytes })
        })
    }

    /// Applies the server's response: settles the outbox, keeps rejections flagged, stores the
    /// page of changes and advances the cursor — all or nothing.
    pub fn apply_sync_response(&self, resp: &SyncResponse) -> Result<SyncReport> {
        let envelopes: Vec<ChangeEnvelope> = resp
            .changes
            .iter()
            .map(|c| ChangeEnvelope {
                doc: Id::from_bytes(c.doc),
                bytes: c.bytes.clone(),
            })
            .collect();
        let by_doc = parse_changes(&envelopes)?;
        let actors: Vec<ActorInfo> = resp.actors.iter().map(actor_info).collect();
        self.write(|tx| {
            let mut report = SyncReport { round_trips: 1, more: resp.more, ..SyncReport::default() };
            for r in &resp.rejected {
                let doc = Id::from_bytes(r.doc).to_string();
                tx.prepare_cached("INSERT OR REPLACE INTO rejections(hash, doc, reason, detail) VALUES (?1, ?2, ?3, ?4)")?
                    .execute(params![&r.hash[..], doc, format!("{:?}", r.reason), r.detail])?;
                report.rejected += 1;
            }
            let settled = tx
                .prepare_cached("DELETE FROM outbox WHERE seq <= ?1 AND hash NOT IN (SELECT hash FROM rejections)")?
                .execute([resp.acked_through as i64])?;
            report.sent = settled as u64;
            let applied = apply_in(tx, self.actor_id(), &actors, &by_doc)?;
            report.received = applied.stored as u64;
            let cursor: u64 = tx
                .query_row("SELECT value FROM meta WHERE key = 'sync_cursor'", [], |r| r.get::<_, String>(0))
                .optional()?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            tx.prepare_cached("UPDATE meta SET value = ?1 WHERE key = 'sync_cursor'")?.execute([resp.cursor.max(cursor).to_string()])?;
            for doc in by_doc.keys() {
                let n: i64 = tx.prepare_cached("SELECT COUNT(*) FROM conflicts WHERE doc = ?1")?.query_row([doc.to_string()], |r| r.get(0))?;
                report.conflicts += n as u64;
            }
            let waiting: i64 = tx.query_row("SELECT COUNT(*) FROM outbox WHERE hash NOT IN (SELECT hash FROM rejections)", [], |r| r.get(0))?;
            // Another round trip if the server has more, or uploads remain and the last one made progress.
            report.more = resp.more || (waiting > 0 && settled > 0);
            Ok(report)
        })
    }

    /// Local changes waiting for the server.
    pub fn pending_uploads(&self) -> Result<u64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM outbox WHERE hash NOT IN (SELECT hash FROM rejections)",
                [],
                |r| r.get::<_, i64>(0),
            )? as u64)
        })
    }

    /// Local changes the server refused: kept here, shown to the user, never dropped.
    pub fn rejected_changes(&self) -> Result<Vec<RejectedChange>> {
        self.read(|c| {
            let mut stmt =
                c.prepare_cached("SELECT doc, hash, reason, detail FROM rejections ORDER BY doc")?;
            let rows: Vec<(String, Vec<u8>, String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(doc, hash, reason, detail)| {
                    Some(RejectedChange {
                        doc: Id::parse(&doc).ok()?,
                        hash: hex::encode(hash),
                        reason,
                        detail,
                    })
                })
                .collect())
        })
    }

    /// The last server position applied here.
    pub fn sync_cursor(&self) -> Result<u64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT value FROM meta WHERE key = 'sync_cursor'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
        })
    }
}

fn actor_info(a: &ActorEntry) -> ActorInfo {
    ActorInfo {
        actor: hex::encode(&a.actor),
        user_id: a.user_id.clone(),
        user_name: a.user_name.clone(),
        device_id: a.device_id.clone(),
        device_name: a.device_name.clone(),
    }
}
