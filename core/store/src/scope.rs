//! Looking up organisations and the acting user's roles from the projections, for the checks
//! commands make before they write.

use rusqlite::{Connection, OptionalExtension};
use steppe_domain::authz::{self, Action, Grant, OrgTree};
use steppe_domain::org::OrgKind;
use steppe_domain::reason::Reason;
use steppe_domain::{DomainError, Id, RecordKind};

use crate::error::Result;

struct SqlTree<'a>(&'a Connection);

/// The organisation tree as this device's projections hold it, for the domain's checks.
pub(crate) fn tree_of(conn: &Connection) -> impl OrgTree + '_ {
    SqlTree(conn)
}

impl OrgTree for SqlTree<'_> {
    fn parent_of(&self, org: &str) -> Option<String> {
        self.0
            .query_row("SELECT parent FROM orgs WHERE id = ?1", [org], |r| r.get(0))
            .ok()
            .flatten()
    }

    fn kind_of(&self, org: &str) -> Option<OrgKind> {
        let code: Option<String> = self
            .0
            .query_row("SELECT kind FROM orgs WHERE id = ?1", [org], |r| r.get(0))
            .ok();
        code.as_deref().and_then(OrgKind::parse)
    }
}

/// The kind of an organisation known here, or not-found.
pub fn org_kind(conn: &Connection, org: Id) -> Result<OrgKind> {
    let code: Option<String> = conn
        .query_row(
            "SELECT kind FROM orgs WHERE id = ?1",
            [org.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    code.as_deref().and_then(OrgKind::parse).ok_or_else(|| {
        DomainError::NotFound {
            kind: RecordKind::Organisation,
            id: org.to_string(),
        }
        .into()
    })
}

/// SQL for `?1` and every organisation below it, as the common table `sub(id, depth)`: the start
/// of every subtree query (`format!("{SUBTREE} SELECT … JOIN sub ON … = sub.id")`). Bounded so a
/// corrupt cycle cannot run away.
pub(crate) const SUBTREE: &str = "WITH RECURSIVE sub(id, depth) AS (
     SELECT ?1, 0 UNION ALL
     SELECT o.id, sub.depth + 1 FROM orgs o JOIN sub ON o.parent = sub.id WHERE sub.depth < 32)";

/// `org` and its ancestors, nearest first.
pub fn lineage(conn: &Connection, org: &str) -> Vec<String> {
    authz::lineage(&SqlTree(conn), org)
}

pub fn grants_of(conn: &Connection, person: &str) -> Result<Vec<Grant>> {
    let mut stmt = conn.prepare_cached("SELECT org, role FROM roles WHERE person = ?1")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(authz::grants_from(rows))
}

/// Refuses unless `person` holds a role allowing `action` on `org` or an ancestor.
pub fn require(conn: &Connection, person: &str, org: &str, action: Action) -> Result<()> {
    let grants = grants_of(conn, person)?;
    if authz::permits(&grants, &SqlTree(conn), org, action) {
        Ok(())
    } else {
        Err(DomainError::not_allowed(Reason::NeedsRoleHere).into())
    }
}
