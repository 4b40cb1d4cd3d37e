//! Forgetting what a user may no longer read. When the server says which organisations are now
//! visible (a role removed, a unit moved away), every record outside them goes — its document,
//! change log, history, projection rows and conflicts — except records holding local changes the
//! server has not settled (data is never lost; they go once settled). Afterwards the file is
//! rewritten so nothing remains in free pages or the write-ahead log.

use rusqlite::Transaction;
use steppe_domain::scope::Scope;
use steppe_protocol::Visible;

use crate::error::Result;
use crate::observe;
use crate::steppe::Steppe;

/// Projection rows keyed by the record they were derived from: (table, key column).
const ROWS_OF: &[(&str, &str)] = &[
    ("orgs", "id"),
    ("people", "id"),
    ("roles", "person"),
    ("lecturers", "id"),
    ("courses", "id"),
    ("sessions", "id"),
    ("attendance", "session"),
    ("cases", "id"),
    ("service_logs", "id"),
    ("requests", "id"),
    ("joint_meetings", "id"),
    ("households", "id"),
    ("household_tags", "household"),
    ("member_services", "id"),
    ("org_life", "id"),
    ("evaluations", "id"),
    ("conflicts", "doc"),
    ("rule_issues", "doc"),
    ("incomplete_docs", "doc"),
    ("history", "doc"),
    ("changes", "doc"),
    ("documents", "id"),
];

/// Deletes every record outside `visible`; returns how many.
pub(crate) fn outside(tx: &Transaction<'_>, visible: &Visible) -> Result<usize> {
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
    let mut purged = 0;
    for (id, kind, org) in docs {
        if scope.covers(&kind, &org) {
            continue;
        }
        for (table, column) in ROWS_OF {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE {column} = ?1"))?
                .execute([&id])?;
        }
        purged += 1;
    }
    if purged > 0 {
        observe::mark(&ROWS_OF.iter().map(|(t, _)| *t).collect::<Vec<_>>());
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
