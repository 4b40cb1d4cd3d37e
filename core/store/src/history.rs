//! A record's history: every change, who made it on which device, when, and which fields it
//! touched.

use automerge::{ChangeHash, PatchAction, Prop};
use rusqlite::params;
use steppe_domain::Id;

use crate::docstore;
use crate::error::Result;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub hash: String,
    pub at: i64,
    /// The command that made it, e.g. `case.add_note`.
    pub message: String,
    pub actor: String,
    pub user_name: Option<String>,
    pub device_name: Option<String>,
    /// Made on this device.
    pub local: bool,
    /// Paths of the fields it changed, e.g. `record.status`.
    pub fields: Vec<String>,
}

fn render_path(path: &[(automerge::ObjId, Prop)], last: Option<Prop>) -> String {
    let mut s = String::new();
    for prop in path.iter().map(|(_, p)| p.clone()).chain(last) {
        match prop {
            Prop::Map(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(&k);
            }
            Prop::Seq(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

impl Steppe {
    /// The history of one record, oldest first.
    pub fn history(&self, id: Id) -> Result<Vec<HistoryEntry>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT h.hash, h.at, h.message, h.actor, a.user_name, a.device_name, h.local
                 FROM history h LEFT JOIN actors a ON a.actor = h.actor
                 WHERE h.doc = ?1 ORDER BY h.at, h.actor, h.seq",
            )?;
            let mut entries: Vec<HistoryEntry> = stmt
                .query_map(params![id.to_string()], |r| {
                    let hash: Vec<u8> = r.get(0)?;
                    Ok(HistoryEntry {
                        hash: hex::encode(hash),
                        at: r.get(1)?,
                        message: r.get(2)?,
                        actor: r.get(3)?,
                        user_name: r.get(4)?,
                        device_name: r.get(5)?,
                        local: r.get(6)?,
                        fields: Vec::new(),
                    })
                })?
                .collect::<Result<_, _>>()?;
            if entries.is_empty() {
                return Err(crate::CoreError::UnknownRecord { id: id.to_string() });
            }
            let Some(mut doc) = docstore::load_automerge(conn, &id.to_string())? else {
                return Ok(entries);
            };
            for e in &mut entries {
                let Ok(bytes) = hex::decode(&e.hash) else {
                    continue;
                };
                let Ok(hash) = ChangeHash::try_from(bytes.as_slice()) else {
                    continue;
                };
                let Some(change) = doc.get_change_by_hash(&hash) else {
                    continue;
                };
                let parents = change.deps().to_vec();
                let mut fields: Vec<String> = doc
                    .diff(&parents, &[hash])
                    .into_iter()
                    .map(|p| match p.action {
                        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => {
                            render_path(&p.path, Some(Prop::Map(key)))
                        }
                        _ => render_path(&p.path, None),
                    })
                    .filter(|f| !f.is_empty())
                    .collect();
                fields.sort();
                fields.dedup();
                e.fields = fields;
            }
            Ok(entries)
        })
    }
}
