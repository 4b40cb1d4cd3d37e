//! A supervisor's overview: for every organisation of a subtree, the counts their review starts
//! from (cases open and closed, sessions held, attendances, residents' requests still open,
//! households on the register).

use std::collections::HashMap;

use rusqlite::Connection;
use steppe_domain::Id;

use crate::error::Result;
use crate::steppe::Steppe;
use crate::workflows::orgs::OrgRow;
use crate::workflows::rollup::{Totals, roll_up};

/// One organisation's counts over its whole subtree: a sumu's row includes its gachas' records,
/// as a supervisor reading the row expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgCounts {
    pub org: OrgRow,
    pub open_cases: i64,
    pub closed_cases: i64,
    pub sessions: i64,
    pub attendances: i64,
    pub open_requests: i64,
    pub households: i64,
}

/// `org → count` from a query grouping by organisation.
fn counts(c: &Connection, sql: &str) -> Result<HashMap<String, i64>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Steppe {
    /// Counts for `root` and every organisation below it, in the order of [`Steppe::org_subtree`].
    pub fn org_overview(&self, root: Id) -> Result<Vec<OrgCounts>> {
        let orgs = self.org_subtree(root)?;
        self.read(|c| {
            let open = counts(
                c,
                "SELECT branch, COUNT(*) FROM cases WHERE status = 'open' GROUP BY branch",
            )?;
            let closed = counts(
                c,
                "SELECT branch, COUNT(*) FROM cases WHERE status = 'closed' GROUP BY branch",
            )?;
            let sessions = counts(
                c,
                "SELECT school, COUNT(*) FROM sessions WHERE cancelled = 0 GROUP BY school",
            )?;
            // From each session's count of its check-ins: the same total as the attendance
            // rows (which carry their session's school), read from hundreds of sessions rather
            // than a league's year of check-ins.
            let present = counts(
                c,
                "SELECT school, SUM(present) FROM sessions WHERE present > 0 GROUP BY school",
            )?;
            let requests = counts(
                c,
                "SELECT community, COUNT(*) FROM requests WHERE open = 1 GROUP BY community",
            )?;
            let households = counts(c, "SELECT grid, COUNT(*) FROM households GROUP BY grid")?;
            let of = |m: &HashMap<String, i64>, org: &OrgRow| {
                m.get(&org.id.to_string()).copied().unwrap_or(0)
            };
            let mut rows: Vec<OrgCounts> = orgs
                .into_iter()
                .map(|org| OrgCounts {
                    open_cases: of(&open, &org),
                    closed_cases: of(&closed, &org),
                    sessions: of(&sessions, &org),
                    attendances: of(&present, &org),
                    open_requests: of(&requests, &org),
                    households: of(&households, &org),
                    org,
                })
                .collect();
            roll_up(&mut rows);
            Ok(rows)
        })
    }
}

impl Totals for OrgCounts {
    fn org(&self) -> &OrgRow {
        &self.org
    }

    fn absorb(&mut self, child: &Self) {
        self.open_cases += child.open_cases;
        self.closed_cases += child.closed_cases;
        self.sessions += child.sessions;
        self.attendances += child.attendances;
        self.open_requests += child.open_requests;
        self.households += child.households;
    }
}
