//! The organisation tree.

use rusqlite::{OptionalExtension, params};
use steppe_domain::command::Command;
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::{DomainError, Id};

use crate::error::Result;
use crate::scope;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    pub id: Id,
    pub parent: Option<Id>,
    pub kind: OrgKind,
    pub name: String,
    /// The name in traditional Mongolian script, where the unit has one.
    pub name_mn: Option<String>,
    /// Depth below the root of the query (0 for the root itself).
    pub depth: i64,
}

impl Steppe {
    /// Creates an organisation; a non-root one under an existing parent of a fitting kind.
    pub fn create_org(&self, name: &str, kind: OrgKind, parent: Option<Id>) -> Result<Id> {
        let parent = match parent {
            Some(p) => Some((p.to_string(), self.read(|c| scope::org_kind(c, p))?)),
            None => None,
        };
        // An organisation's record names its own id: it is the scope of everything below it.
        let id = Id::new();
        let org = Organisation::new(id.to_string(), name.to_string(), kind, parent)?;
        self.create_with_id(id, &org, Command::OrgCreate)
    }

    pub fn rename_org(&self, org: Id, name: &str) -> Result<()> {
        self.update::<Organisation, _>(org, Command::OrgRename, |o, _, _| {
            Ok(o.rename(name.to_string())?)
        })
    }

    /// Gives an organisation its name in traditional Mongolian script (or takes it away).
    pub fn set_org_name_mn(&self, org: Id, name_mn: Option<&str>) -> Result<()> {
        self.update::<Organisation, _>(org, Command::OrgNameMongolian, |o, _, _| {
            Ok(o.set_name_mn(name_mn.map(str::to_string))?)
        })
    }

    /// Moves an organisation (and its subtree) under another parent.
    pub fn move_org(&self, org: Id, new_parent: Id) -> Result<()> {
        self.update::<Organisation, _>(org, Command::OrgMove, |o, tx, _| {
            let kind = scope::org_kind(tx, new_parent)?;
            let chain = scope::lineage(tx, &new_parent.to_string());
            Ok(o.move_to((new_parent.to_string(), kind), &chain)?)
        })
    }

    /// An organisation and everything below it, depth first by name.
    pub fn org_subtree(&self, root: Id) -> Result<Vec<OrgRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "WITH RECURSIVE sub(id, parent, kind, name, name_mn, depth, path) AS (
                     SELECT id, parent, kind, name, name_mn, 0, name FROM orgs WHERE id = ?1
                     UNION ALL
                     SELECT o.id, o.parent, o.kind, o.name, o.name_mn, sub.depth + 1,
                            sub.path || '/' || o.name
                     FROM orgs o JOIN sub ON o.parent = sub.id WHERE sub.depth < 32)
                 SELECT id, parent, kind, name, depth, name_mn FROM sub ORDER BY path",
            )?;
            let rows = stmt.query_map(params![root.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, parent, kind, name, depth, name_mn) = row?;
                out.push(OrgRow {
                    id: parse_id(&id)?,
                    parent: parent.as_deref().map(parse_id).transpose()?,
                    kind: OrgKind::parse(&kind).unwrap_or(OrgKind::Gacha),
                    name,
                    name_mn,
                    depth,
                });
            }
            if out.is_empty() {
                return Err(DomainError::NotFound {
                    kind: steppe_domain::RecordKind::Organisation,
                    id: root.to_string(),
                }
                .into());
            }
            Ok(out)
        })
    }

    /// One organisation, if held here.
    pub fn org(&self, id: Id) -> Result<Option<OrgRow>> {
        self.read(|c| {
            let row: Option<(Option<String>, String, String, Option<String>)> = c
                .prepare_cached("SELECT parent, kind, name, name_mn FROM orgs WHERE id = ?1")?
                .query_row([id.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?;
            let Some((parent, kind, name, name_mn)) = row else {
                return Ok(None);
            };
            let Some(kind) = OrgKind::parse(&kind) else {
                return Ok(None);
            };
            Ok(Some(OrgRow {
                id,
                parent: parent.as_deref().map(parse_id).transpose()?,
                kind,
                name,
                name_mn,
                depth: 0,
            }))
        })
    }

    /// Organisations with no parent known here.
    pub fn root_orgs(&self) -> Result<Vec<OrgRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT id, kind, name, name_mn FROM orgs WHERE parent IS NULL OR parent NOT IN (SELECT id FROM orgs) ORDER BY name")?;
            let rows: Vec<(String, String, String, Option<String>)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, kind, name, name_mn)| Ok(OrgRow { id: parse_id(&id)?, parent: None, kind: OrgKind::parse(&kind).unwrap_or(OrgKind::League), name, name_mn, depth: 0 }))
                .collect()
        })
    }
}

pub(crate) fn parse_id(s: &str) -> Result<Id> {
    Id::parse(s).map_err(|_| crate::error::CoreError::Corrupt {
        id: s.to_string(),
        detail: "malformed id in projection".into(),
    })
}
