//! Forgetting what a user may no longer read. When the server says which organisations are now
//! visible (a role removed, a unit moved away), every record outside them goes — its document,
//! change log, history, projection rows and conflicts — except records holding local changes the
//! server has not settled (data is never lost; they go once settled). Afterwards the file is
//! rewritten so nothing remains in free pages or the write-ahead log.

use rusqlite::Transaction;
use steppe_domain::scope::Scope;
use steppe_protocol::Visible;

use crate::error::Result;
use crate::steppe::Steppe;
use crate::{observe, projection};

/// What a device keeps of a record besides its projection rows (table, id column).
const STORED: &[(&str, &str)] = &[
    ("incomplete_docs", "doc"),
    ("history", "doc"),
    ("changes", "doc"),
    ("documents", "id"),
];

/// Deletes every record outside `visible` but the user's own person record `person` (which the
/// server sends whatever the user's units: their name and roles); returns how many.
pub(crate) fn outside(tx: &Transaction<'_>, visible: &Visible, person: &str) -> Result<usize> {
    // The server's files of units no longer read go too: they were kept to be handed on.
    let readable: Vec<Vec<u8>> = visible.readable.iter().map(|o| o.to_vec()).collect();
    let held: Vec<Vec<u8>> = tx
        .prepare_cached("SELECT org FROM unit_bundles")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for org in held.iter().filter(|o| !readable.contains(o)) {
        tx.prepare_cached("DELETE FROM unit_bundles WHERE org = ?1")?
            .execute([org])?;
    }
    let scope = Scope::from(visible);
    let scope = scope.index();
    let docs: Vec<(String, String, String)> = tx
        .prepare(
            "SELECT d.id, d.kind, d.org FROM documents d
             WHERE d.kind IS NOT NULL AND d.org IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.doc = d.id)",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let rows: Vec<(&str, &str)> = projection::record_rows()
        .into_iter()
        .chain(STORED.iter().copied())
        .collect();
    let mut purged = 0;
    for (id, kind, org) in docs {
        if scope.covers(&kind, &org) || id == person {
            continue;
        }
        for (table, column) in &rows {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE {column} = ?1"))?
                .execute([&id])?;
        }
        purged += 1;
    }
    if purged > 0 {
        observe::mark(&rows.iter().map(|(t, _)| *t).collect::<Vec<_>>());
    }
    Ok(purged)
}

impl Steppe {
    /// Rewrites the store so deleted content survives nowhere in the file: the write-ahead log
    /// is checkpointed and truncated, the database vacuumed, and the log truncated again.
    pub(crate) fn scrub(&self) -> Result<()> {
        self.with_writer(|conn| {
            conn.execute_batch(
                "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
            )?;
            Ok(())
        })
    }
}
