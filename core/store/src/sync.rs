//! The device's half of a sync exchange, without I/O: build the request (cursor and unsent
//! local changes), then apply the response (acknowledgements, rejections, a page of changes and
//! the new cursor) in one transaction. A lost response changes nothing here; the retried request
//! carries the same changes and the server recognises them.

use std::collections::BTreeMap;

use automerge::{Change, ChangeHash};
use rusqlite::{Connection, OptionalExtension, params};
use steppe_domain::Id;
use steppe_protocol::{ActorEntry, DocChanges, ScopeHash, SyncRequest, SyncResponse, chunk};

use crate::docstore;
use crate::error::{CoreError, Result};
use crate::identity::ActorInfo;
use crate::replication::apply_in;
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
    /// The server has more for this device (after the last page received).
    pub more: bool,
    /// This device has more to send, or holds records whose history it should ask for.
    pub local_more: bool,
    /// Records removed because the user may no longer read them.
    pub purged: u64,
    /// The server position reached (the cursor saved after the last page).
    pub cursor: u64,
}

impl SyncReport {
    pub fn add(&mut self, other: &SyncReport) {
        self.sent += other.sent;
        self.received += other.received;
        self.rejected += other.rejected;
        self.conflicts += other.conflicts;
        self.round_trips += other.round_trips;
        self.more = other.more;
        self.local_more |= other.local_more;
        self.purged += other.purged;
        self.cursor = other.cursor;
    }

    /// Another exchange is needed right away.
    pub fn wants_another(&self) -> bool {
        self.more || self.local_more
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
/// Most incomplete documents asked for in one request.
const MAX_WANT: usize = 256;

fn stored_cursor(c: &Connection) -> Result<u64> {
    Ok(c.query_row(
        "SELECT value FROM meta WHERE key = 'sync_cursor'",
        [],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .and_then(|v| v.parse().ok())
    .unwrap_or(0))
}

fn stored_scope(c: &Connection) -> Result<ScopeHash> {
    let hex_scope: Option<String> = c
        .query_row("SELECT value FROM meta WHERE key = 'sync_scope'", [], |r| {
            r.get(0)
        })
        .optional()?;
    let mut scope = ScopeHash::default();
    if let Some(h) = hex_scope {
        // Anything but a well-formed hash (a store that never synced) reads as "no scope yet".
        let _ = hex::decode_to_slice(h, &mut scope);
    }
    Ok(scope)
}

/// Decodes a response's changes by document. A group without an id is named by the envelope of
/// its first change; malformed bytes fail the whole response before anything is written.
pub(crate) fn parse_groups(groups: &[DocChanges]) -> Result<BTreeMap<Id, Vec<Change>>> {
    let mut by_doc: BTreeMap<Id, Vec<Change>> = BTreeMap::new();
    for g in groups {
        let named = g.doc.map(Id::from_bytes);
        let invalid = || CoreError::InvalidRemoteChange {
            doc: named
                .map(|d| d.to_string())
                .unwrap_or_else(|| "(unnamed)".into()),
        };
        let changes: Vec<Change> = g
            .changes
            .iter()
            .map(|c| steppe_domain::doc::parse_untrusted(chunk::expand(c)).map_err(|_| invalid()))
            .collect::<Result<_>>()?;
        let doc = match named {
            Some(d) => d,
            None => steppe_domain::doc::id_of_first_change(&changes).ok_or_else(invalid)?,
        };
        by_doc.entry(doc).or_default().extend(changes);
    }
    Ok(by_doc)
}

/// Local changes the server has not settled, oldest first, as an upload carries them.
pub(crate) struct Unsent {
    /// Consecutive changes of one document grouped.
    pub upload: Vec<DocChanges>,
    /// The outbox position of the last change taken (0 if none).
    pub through: u64,
    /// Each change's hash, in the order of `upload`.
    pub hashes: Vec<[u8; 32]>,
}

/// Up to `max_changes` unsent local changes (and about `max_bytes` of them), oldest first.
/// How long a change of this phone's waits behind a change from a phone met that the server has
/// not confirmed: after that it goes, and the server decides (a refusal is kept and shown).
pub(crate) const HOLD_BEHIND_PEER_MS: i64 = 7 * 24 * 3_600_000;

pub(crate) fn unsent(
    c: &Connection,
    max_changes: usize,
    max_bytes: usize,
    now: i64,
) -> Result<Unsent> {
    let mut stmt = c.prepare_cached(
        "SELECT o.seq, o.doc, o.hash, EXISTS (SELECT 1 FROM unconfirmed u WHERE u.doc = o.doc AND u.received_at > ?2)
           FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM rejections r WHERE r.hash = o.hash) ORDER BY o.seq LIMIT ?1",
    )?;
    let rows: Vec<(i64, String, Vec<u8>, bool)> = stmt
        .query_map(
            params![max_changes as i64, now - HOLD_BEHIND_PEER_MS],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?
        .collect::<Result<_, _>>()?;
    let mut docs: BTreeMap<String, automerge::AutoCommit> = BTreeMap::new();
    let mut out = Unsent {
        upload: Vec::new(),
        through: 0,
        hashes: Vec::new(),
    };
    let mut bytes = 0usize;
    for (seq, doc, hash, waits) in rows {
        // A record holding a change from a phone met that the server has not confirmed waits:
        // this phone's change on top of it depends on it, and the server must hold that one
        // first (it arrives by the other phone's forward, and comes back in a sync). Everything
        // after it waits too: the server acknowledges a prefix of the outbox, never a part.
        if waits {
            break;
        }
        let corrupt = |detail: &str| CoreError::Corrupt {
            id: doc.clone(),
            detail: detail.into(),
        };
        if !docs.contains_key(&doc) {
            let am = docstore::load_automerge(c, &doc)?
                .ok_or_else(|| corrupt("outbox names a missing document"))?;
            docs.insert(doc.clone(), am);
        }
        let am = docs
            .get_mut(&doc)
            .ok_or_else(|| corrupt("document cache"))?;
        let h = ChangeHash::try_from(hash.as_slice()).map_err(|_| corrupt("outbox hash"))?;
        let change = am
            .get_change_by_hash(&h)
            .ok_or_else(|| corrupt("outbox change missing from its document"))?;
        let id = *Id::parse(&doc)
            .map_err(|_| corrupt("document id"))?
            .as_bytes();
        let compact = chunk::compact(change.raw_bytes())
            .ok_or_else(|| corrupt("not a change chunk"))?
            .to_vec();
        bytes += compact.len();
        // Consecutive changes of one document share a group; order is kept.
        match out.upload.last_mut() {
            Some(g) if g.doc == Some(id) => g.changes.push(compact),
            _ => out.upload.push(DocChanges {
                doc: Some(id),
                changes: vec![compact],
            }),
        }
        out.hashes.push(h.0);
        out.through = seq as u64;
        if bytes >= max_bytes {
            break;
        }
    }
    Ok(out)
}

impl Steppe {
    /// The request for the next exchange: the cursor, and unsent local changes, oldest first.
    pub fn sync_request(&self, page_bytes: u32) -> Result<SyncRequest> {
        self.read(|c| {
            let cursor = stored_cursor(c)?;
            let scope = stored_scope(c)?;
            let unsent = unsent(c, MAX_UPLOAD_CHANGES, MAX_UPLOAD_BYTES, self.now())?;
            let want: Vec<[u8; 16]> = c
                .prepare_cached("SELECT doc FROM incomplete_docs ORDER BY doc LIMIT ?1")?
                .query_map([MAX_WANT as i64], |r| r.get::<_, String>(0))?
                .filter_map(|d| {
                    d.ok()
                        .and_then(|d| Id::parse(&d).ok())
                        .map(|d| *d.as_bytes())
                })
                .collect();
            Ok(SyncRequest {
                cursor,
                scope,
                upload: unsent.upload,
                upload_through: unsent.through,
                page_bytes,
                want,
            })
        })
    }

    /// Applies the server's response: settles the outbox, keeps rejections flagged, stores the
    /// page of changes and advances the cursor — all or nothing.
    pub fn apply_sync_response(&self, resp: &SyncResponse) -> Result<SyncReport> {
        let by_doc = parse_groups(&resp.changes)?;
        let actors: Vec<ActorInfo> = resp.actors.iter().map(actor_info).collect();
        let report = self.write(|tx| {
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
            if settled > 0 || !resp.rejected.is_empty() {
                crate::observe::mark(&["outbox", "rejections"]);
            }
            let applied = apply_in(tx, self.actor_id(), &actors, &by_doc)?;
            // A change refused because the server lacked one of its ancestors is offered again
            // once its record receives changes: the ancestor may be among them (a restored
            // server takes it back from its author's phone, ADR 0012).
            // Not one this very response refused: that would be offered again at once.
            // One read of the (few) waiting refusals, not one per record received: a first sync
            // brings thousands of records and usually no such refusal at all.
            let refused_now: std::collections::HashSet<&[u8]> =
                resp.rejected.iter().map(|r| &r.hash[..]).collect();
            let waiting: Vec<(String, Vec<u8>)> = tx
                .prepare_cached("SELECT doc, hash FROM rejections WHERE reason = 'MissingDependency'")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for (doc, hash) in &waiting {
                let received = Id::parse(doc).is_ok_and(|d| by_doc.contains_key(&d));
                if received && !refused_now.contains(hash.as_slice()) {
                    tx.prepare_cached("DELETE FROM rejections WHERE hash = ?1")?.execute([hash])?;
                }
            }
            crate::peer::confirm(tx, &by_doc)?;
            report.received = applied.stored as u64;
            if let Some(visible) = &resp.visible {
                report.purged = crate::purge::outside(tx, visible, &self.identity().user_id)? as u64;
            }
            // A cursor only means something in the scope it was issued for: when the scope
            // changed, the server started again from 0 and the new cursor replaces the old one.
            let cursor = match resp.scope {
                Some(scope) if scope != stored_scope(tx)? => resp.cursor,
                _ => resp.cursor.max(stored_cursor(tx)?),
            };
            tx.prepare_cached("UPDATE meta SET value = ?1 WHERE key = 'sync_cursor'")?.execute([cursor.to_string()])?;
            report.cursor = cursor;
            if let Some(scope) = resp.scope {
                tx.prepare_cached("INSERT INTO meta(key, value) VALUES ('sync_scope', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
                    .execute([hex::encode(scope)])?;
            }
            for doc in by_doc.keys() {
                let n: i64 = tx.prepare_cached("SELECT COUNT(*) FROM conflicts WHERE doc = ?1")?.query_row([doc.to_string()], |r| r.get(0))?;
                report.conflicts += n as u64;
            }
            let waiting: i64 = tx.query_row("SELECT COUNT(*) FROM outbox WHERE hash NOT IN (SELECT hash FROM rejections)", [], |r| r.get(0))?;
            // Another round trip if uploads remain and the last one made progress or came with
            // a new scope (a restored server: the phone's changes were queued again as the
            // response arrived, ADR 0012), or this page left documents incomplete (their
            // history is asked for next).
            report.local_more = (waiting > 0 && (settled > 0 || resp.scope.is_some()))
                || applied.incomplete_docs > 0;
            // In step with the server: nothing more to fetch, nothing left to send. What the
            // phone shows as "last synced".
            if !resp.more && !report.local_more && waiting == 0 {
                tx.prepare_cached("INSERT INTO meta(key, value) VALUES ('last_synced_at', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
                    .execute([self.now().to_string()])?;
            }
            Ok(report)
        })?;
        if report.purged > 0 {
            self.scrub()?;
        }
        Ok(report)
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

    /// When this device last finished a sync with nothing left to send or fetch (milliseconds
    /// since the Unix epoch), if ever.
    pub fn last_synced_at(&self) -> Result<Option<i64>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT value FROM meta WHERE key = 'last_synced_at'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok()))
        })
    }

    /// The last server position applied here.
    pub fn sync_cursor(&self) -> Result<u64> {
        self.read(stored_cursor)
    }
}

pub(crate) fn actor_info(a: &ActorEntry) -> ActorInfo {
    ActorInfo {
        actor: hex::encode(&a.actor),
        user_id: a.user_id.clone(),
        user_name: a.user_name.clone(),
        device_id: a.device_id.clone(),
        device_name: a.device_name.clone(),
    }
}
