//! Exchanging changes with other replicas: what the sync client sends and receives. Applying a
//! batch is one transaction: documents and their projections change together or not at all.

use std::collections::BTreeMap;

use automerge::ActorId;
use automerge::Change;
use rusqlite::{Connection, Transaction};
use steppe_domain::Id;

use crate::docstore::{self, Stored};
use crate::error::{CoreError, Result};
use crate::identity::ActorInfo;
use crate::projection;
use crate::steppe::{Steppe, upsert_actor};

/// One automerge change of one document, as raw change bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEnvelope {
    pub doc: Id,
    pub bytes: Vec<u8>,
}

/// What applying a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Changes new to this store.
    pub stored: usize,
    /// Changes it already had (a retried or duplicated delivery).
    pub duplicates: usize,
    /// Documents left waiting for ancestors that have not arrived yet.
    pub incomplete_docs: usize,
    /// Documents whose projections were refreshed.
    pub projected_docs: usize,
}

impl Steppe {
    /// Applies changes received from elsewhere, with the directory of their actors. Malformed
    /// bytes reject the whole batch before anything is written.
    pub fn apply_remote(
        &self,
        actors: &[ActorInfo],
        changes: &[ChangeEnvelope],
    ) -> Result<ApplyReport> {
        let by_doc = parse_changes(changes)?;
        self.write(|tx| apply_in(tx, self.actor_id(), actors, &by_doc))
    }

    /// Every change this store holds for one document (applied or waiting), as raw bytes.
    pub fn export_changes(&self, doc: Id) -> Result<Vec<ChangeEnvelope>> {
        self.read(|c| export_doc(c, doc))
    }

    /// Every document id held here, complete or not.
    pub fn document_ids(&self) -> Result<Vec<Id>> {
        self.read(|c| {
            let ids: Vec<String> = c
                .prepare("SELECT id FROM documents ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(ids.iter().filter_map(|s| Id::parse(s).ok()).collect())
        })
    }

    /// The actors this store knows, to send along with its changes.
    pub fn actors(&self) -> Result<Vec<ActorInfo>> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT actor, user_id, user_name, device_id, device_name FROM actors ORDER BY actor")?;
            let rows = stmt.query_map([], |r| {
                Ok(ActorInfo { actor: r.get(0)?, user_id: r.get(1)?, user_name: r.get(2)?, device_id: r.get(3)?, device_name: r.get(4)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// Decodes change bytes, grouped by document in arrival order; any undecodable change fails all.
pub(crate) fn parse_changes(changes: &[ChangeEnvelope]) -> Result<BTreeMap<Id, Vec<Change>>> {
    let mut by_doc: BTreeMap<Id, Vec<Change>> = BTreeMap::new();
    for c in changes {
        let change = steppe_domain::doc::parse_untrusted(c.bytes.clone()).map_err(|_| {
            CoreError::InvalidRemoteChange {
                doc: c.doc.to_string(),
            }
        })?;
        by_doc.entry(c.doc).or_default().push(change);
    }
    Ok(by_doc)
}

/// Stores new changes and refreshes the projections of every document they complete, inside
/// the caller's transaction.
pub(crate) fn apply_in(
    tx: &Transaction<'_>,
    me: &ActorId,
    actors: &[ActorInfo],
    by_doc: &BTreeMap<Id, Vec<Change>>,
) -> Result<ApplyReport> {
    for a in actors {
        upsert_actor(tx, a)?;
    }
    let mut report = ApplyReport::default();
    for (doc, changes) in by_doc {
        let key = doc.to_string();
        // Most documents of a first sync are new here: built from the changes in hand rather
        // than read back from the rows just written.
        let new = !docstore::exists(tx, &key)?;
        let mut fresh = Vec::new();
        for change in changes {
            if docstore::append_change(tx, &key, change, false)? {
                fresh.push(change);
            } else {
                report.duplicates += 1;
            }
        }
        report.stored += fresh.len();
        if fresh.is_empty() {
            continue;
        }
        let stored = if new {
            docstore::from_new_changes(*doc, fresh.into_iter().cloned().collect(), me)?
        } else {
            docstore::load(tx, *doc, me)?
        };
        match stored {
            Stored::Complete(mut d) => {
                tx.prepare_cached("DELETE FROM incomplete_docs WHERE doc = ?1")?
                    .execute([&key])?;
                projection::project(tx, &mut d)?;
                docstore::maybe_compact(tx, &key)?;
                report.projected_docs += 1;
            }
            Stored::Incomplete => {
                tx.prepare_cached("INSERT OR IGNORE INTO incomplete_docs(doc) VALUES (?1)")?
                    .execute([&key])?;
                report.incomplete_docs += 1;
            }
        }
    }
    Ok(report)
}

fn export_doc(conn: &Connection, doc: Id) -> Result<Vec<ChangeEnvelope>> {
    let key = doc.to_string();
    let Some(mut am) = docstore::load_automerge(conn, &key)? else {
        return Err(CoreError::UnknownRecord { id: key });
    };
    let mut out: Vec<ChangeEnvelope> = am
        .get_changes(&[])
        .iter()
        .map(|c| ChangeEnvelope {
            doc,
            bytes: c.raw_bytes().to_vec(),
        })
        .collect();
    // Changes still queued for missing ancestors are not in the document's history: send them too.
    let mut stmt =
        conn.prepare_cached("SELECT hash, bytes FROM changes WHERE doc = ?1 ORDER BY seq")?;
    let mut rows = stmt.query([&key])?;
    while let Some(r) = rows.next()? {
        let hash: Vec<u8> = r.get(0)?;
        let Ok(h) = automerge::ChangeHash::try_from(hash.as_slice()) else {
            continue;
        };
        if am.get_change_by_hash(&h).is_none() {
            out.push(ChangeEnvelope {
                doc,
                bytes: r.get(1)?,
            });
        }
    }
    Ok(out)
}
