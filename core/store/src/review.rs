//! Conflicts waiting for a person to choose, records a merge left breaking a rule, and members'
//! changes the server refused.

use rusqlite::params;
use steppe_domain::rejection::RefusalReason;
use steppe_domain::{Id, RecordKind};

use crate::docstore;
use crate::error::Result;
use crate::projection;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub actor: String,
    pub user_name: Option<String>,
    pub device_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictView {
    pub doc: Id,
    pub kind: Option<String>,
    pub path: String,
    pub object: String,
    pub key: String,
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleIssue {
    pub doc: Id,
    pub kind: String,
    pub issue: String,
}

/// A member's refused change as their supervisors see it (a `RejectedUpload` notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedUpload {
    pub id: Id,
    /// The member's unit, and its name if this device holds it.
    pub org: Id,
    pub org_name: Option<String>,
    pub user_name: String,
    pub device_name: String,
    /// The record the change was to, and its kind if the server knew it.
    pub record: Id,
    pub record_kind: Option<RecordKind>,
    pub reason: RefusalReason,
    pub detail: String,
    pub last_at: i64,
    pub changes: i64,
}

impl Steppe {
    /// Members' changes the server refused, newest first: those of every member whose unit this
    /// device holds (a supervisor's subtree; a member sees their own).
    pub fn refused_uploads(&self) -> Result<Vec<RefusedUpload>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT r.id, r.org, o.name, r.user_name, r.device_name, r.record, r.record_kind,
                        r.reason, r.detail, r.last_at, r.changes
                 FROM rejected_uploads r LEFT JOIN orgs o ON o.id = r.org
                 ORDER BY r.last_at DESC, r.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    (
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ),
                    (
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, i64>(9)?,
                        r.get::<_, i64>(10)?,
                    ),
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let ((id, org, org_name, user_name, device_name, record), rest) = row?;
                let (kind, reason, detail, last_at, changes) = rest;
                // Rows are the projection of validated notices: an unparsable one is skipped
                // rather than hiding every other.
                let (Ok(id), Ok(org), Ok(record), Some(reason)) = (
                    Id::parse(&id),
                    Id::parse(&org),
                    Id::parse(&record),
                    RefusalReason::parse(&reason),
                ) else {
                    continue;
                };
                out.push(RefusedUpload {
                    id,
                    org,
                    org_name,
                    user_name,
                    device_name,
                    record,
                    record_kind: kind.as_deref().and_then(RecordKind::parse),
                    reason,
                    detail,
                    last_at,
                    changes,
                });
            }
            Ok(out)
        })
    }

    /// Conflicts waiting for review, optionally of one record only.
    pub fn conflicts(&self, doc: Option<Id>) -> Result<Vec<ConflictView>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT c.doc, d.kind, c.path, c.object, c.key, c.candidates FROM conflicts c
                 LEFT JOIN documents d ON d.id = c.doc
                 WHERE ?1 IS NULL OR c.doc = ?1 ORDER BY c.doc, c.path",
            )?;
            let rows: Vec<(String, Option<String>, String, String, String, String)> = stmt
                .query_map(params![doc.map(|d| d.to_string())], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect::<Result<_, _>>()?;
            let mut who =
                conn.prepare_cached("SELECT user_name, device_name FROM actors WHERE actor = ?1")?;
            let mut out = Vec::new();
            for (doc, kind, path, object, key, candidates) in rows {
                let pairs: Vec<(String, String)> =
                    serde_json::from_str(&candidates).unwrap_or_default();
                let mut cands = Vec::new();
                for (value, actor) in pairs {
                    let names: Option<(String, String)> =
                        who.query_row([&actor], |r| Ok((r.get(0)?, r.get(1)?))).ok();
                    cands.push(Candidate {
                        value,
                        user_name: names.as_ref().map(|n| n.0.clone()),
                        device_name: names.map(|n| n.1),
                        actor,
                    });
                }
                let Ok(doc) = Id::parse(&doc) else { continue };
                out.push(ConflictView {
                    doc,
                    kind,
                    path,
                    object,
                    key,
                    candidates: cands,
                });
            }
            Ok(out)
        })
    }

    /// Keeps one candidate of a conflict (its index in `candidates`).
    pub fn resolve_conflict(&self, doc: Id, object: &str, key: &str, choice: usize) -> Result<()> {
        let now = self.now();
        self.write(|tx| {
            let kind: Option<String> = tx
                .query_row(
                    "SELECT kind FROM documents WHERE id = ?1",
                    [doc.to_string()],
                    |r| r.get(0),
                )
                .unwrap_or(None);
            let kind = kind.as_deref().and_then(RecordKind::parse).ok_or_else(|| {
                crate::CoreError::UnknownRecord {
                    id: doc.to_string(),
                }
            })?;
            let mut d = docstore::load_record(tx, doc, kind, self.actor_id())?;
            let change = d.resolve(object, key, choice, now)?;
            if let Some(change) = change {
                docstore::append_change(tx, &doc.to_string(), &change, true)?;
                projection::project(tx, &mut d)?;
            }
            Ok(())
        })
    }

    /// Records whose merged state breaks one of their rules.
    pub fn rule_issues(&self) -> Result<Vec<RuleIssue>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT doc, kind, issue FROM rule_issues ORDER BY doc")?;
            let rows: Vec<(String, String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(d, kind, issue)| {
                    Some(RuleIssue {
                        doc: Id::parse(&d).ok()?,
                        kind,
                        issue,
                    })
                })
                .collect())
        })
    }
}
