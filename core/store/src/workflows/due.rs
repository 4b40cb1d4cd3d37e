//! Work waiting for someone in a subtree: rectification items of organisational-life meetings
//! not yet done (overdue once past their date), and household visits that asked for a follow-up
//! no later visit has made. What a supervisor follows up.

use rusqlite::params;
use steppe_domain::Id;

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope::SUBTREE;
use crate::steppe::Steppe;

steppe_domain::labelled_enum! {
    pub enum DueKind {
        Rectification => "rectification",
        FollowUp => "follow_up",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// The record holding it (a meeting, a household) and the item within it.
    pub record: Id,
    pub item: String,
    pub org: Id,
    pub org_name: Option<String>,
    pub kind: DueKind,
    pub text: String,
    /// Who owns it (a rectification's owner, the visitor who asked for the follow-up).
    pub owner: String,
    /// Since when it waits (the meeting, the visit).
    pub since: i64,
    pub due: Option<i64>,
    pub overdue: bool,
}

impl Steppe {
    /// Items waiting in `root`'s subtree at `now`, those with the earliest due date first, then
    /// the longest waiting; at most `limit`.
    pub fn due_items(&self, root: Id, now: i64, limit: u32) -> Result<Vec<DueItem>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                &format!("{SUBTREE} SELECT d.record, d.item, d.org, o.name, d.kind, d.text, d.owner, d.since, d.due
                 FROM due_items d JOIN sub ON d.org = sub.id LEFT JOIN orgs o ON o.id = d.org
                 WHERE d.done = 0
                 ORDER BY d.due IS NULL, d.due, d.since LIMIT ?2"),
            )?;
            let rows = stmt.query_map(params![root.to_string(), limit], |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    (r.get::<_, Option<String>>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?),
                    (r.get::<_, String>(6)?, r.get::<_, i64>(7)?, r.get::<_, Option<i64>>(8)?),
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let ((record, item, org), (org_name, kind, text), (owner, since, due)) = row?;
                let Some(kind) = DueKind::parse(&kind) else {
                    continue;
                };
                out.push(DueItem {
                    record: parse_id(&record)?,
                    item,
                    org: parse_id(&org)?,
                    org_name,
                    kind,
                    text,
                    owner,
                    since,
                    due,
                    overdue: due.is_some_and(|d| d < now),
                });
            }
            Ok(out)
        })
    }
}
