//! The server's lineage as a phone sees it (ADR 0012): the `steppe-lineage` header of every sync
//! response. A change means the server was restored from a backup: it may have lost changes it
//! acknowledged, and the positions of those it lost are handed out again. The phone then starts
//! again from position 0 and offers every change of its own again (the server keeps those it
//! lacks and skips the rest), so nothing it wrote is lost and nothing it should receive is
//! skipped.

use rusqlite::OptionalExtension;

use crate::Steppe;
use crate::error::Result;

/// Where the phone keeps the lineage it last saw.
const META: &str = "server_lineage";
/// A server never restored: what the header says, and what a phone that never saw one assumes.
const ORIGINAL: &str = "0";

impl Steppe {
    /// Notes the server's lineage from a sync response's header, before its frames are applied.
    /// Returns whether it changed, in which case the cursor is back at 0 and the outbox holds
    /// every change this phone made that the server has not refused, oldest first. A missing or
    /// malformed header changes nothing.
    pub fn note_server_lineage(&self, header: Option<&str>) -> Result<bool> {
        let Some(seen) = header.map(str::trim).filter(|v| well_formed(v)) else {
            return Ok(false);
        };
        let known: Option<String> = self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM meta WHERE key = ?1", [META], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })?;
        if known.as_deref().unwrap_or(ORIGINAL) == seen {
            return Ok(false);
        }
        let actor = self.actor_id().to_hex_string();
        let requeued = self.write(|tx| {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [META, seen],
            )?;
            tx.execute("UPDATE meta SET value = '0' WHERE key = 'sync_cursor'", [])?;
            tx.execute("DELETE FROM meta WHERE key = 'sync_scope'", [])?;
            // A change the restored server refused for a missing ancestor may find it there
            // now (its author's phone offers it again too): it is offered again.
            tx.execute("DELETE FROM rejections WHERE reason = 'MissingDependency'", [])?;
            // The outbox is rebuilt in the order the changes were made, so that none travels
            // before one it depends on: within a record by its sequence; across records by
            // when they were made (each record's time carried forward over its earlier
            // changes, so a clock set back cannot put a change before its own ancestor), then
            // by the order the store received them. Changes refused stay in the outbox as
            // before, unsent, so their records are kept through purges.
            tx.execute("DELETE FROM outbox", [])?;
            Ok(tx.execute(
                "INSERT OR IGNORE INTO outbox(doc, hash)
                 SELECT doc, hash FROM (
                   SELECT h.doc, h.hash, h.seq, COALESCE(c.seq, 0) AS stored,
                          MAX(h.at) OVER (PARTITION BY h.doc ORDER BY h.seq
                                          ROWS UNBOUNDED PRECEDING) AS made
                     FROM history h LEFT JOIN changes c ON c.hash = h.hash
                    WHERE h.actor = ?1
                      AND EXISTS (SELECT 1 FROM documents d WHERE d.id = h.doc))
                 ORDER BY made, stored, doc, seq",
                [&actor],
            )?)
        })?;
        tracing::warn!(
            lineage = seen,
            requeued,
            "the server was restored from a backup: syncing from the start, offering this phone's changes again"
        );
        crate::observe::mark(&["outbox"]);
        Ok(true)
    }
}

fn well_formed(v: &str) -> bool {
    v == ORIGINAL || (v.len() == 16 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}
