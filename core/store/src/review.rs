//! Conflicts waiting for a person to choose, and records a merge left breaking a rule.

use rusqlite::params;
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

impl Steppe {
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
                projection::project(tx, &d)?;
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
