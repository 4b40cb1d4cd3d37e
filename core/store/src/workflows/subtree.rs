//! What a supervisor reviews for an organisation and everything below it: cases by category and
//! outcome and by month, Party-school attendance rates, requests by step with satisfaction,
//! households by tag, organisational-life items, and members' training hours.

use rusqlite::{Connection, params};
use steppe_domain::Id;
use steppe_domain::person::MemberStatus;

use crate::error::Result;
use crate::steppe::Steppe;
use crate::workflows::orgs::parse_id;

/// Cases of one category, status and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseTally {
    pub category: String,
    pub status: String,
    pub outcome: Option<String>,
    pub count: i64,
}

/// One calendar month (China Standard Time, `YYYY-MM`) and two counts whose meaning the query
/// names (cases opened / closed; attendances / sessions held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTally {
    pub month: String,
    pub first: i64,
    pub second: i64,
}

/// A Party school's attendance: sessions held, check-ins, and the members it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRate {
    pub school: Id,
    pub name: String,
    pub sessions: i64,
    pub present: i64,
    /// Everyone on the rolls of the units the school serves, trainees as well as members:
    /// both check in.
    pub members: i64,
    /// present ÷ (sessions × members), 0 when nothing was held.
    pub rate: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTally {
    pub step: String,
    pub count: i64,
    pub satisfied: i64,
    pub unsatisfied: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagTally {
    pub tag: String,
    pub households: i64,
    pub visits: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubtreeStats {
    /// Party members (full, probationary, mobile) of the subtree's units.
    pub members: i64,
    /// Everyone else on the units' rolls — activists, cultivation targets, the masses who attend
    /// training — counted apart from members.
    pub trainees: i64,
    pub cases: Vec<CaseTally>,
    pub cases_by_month: Vec<MonthTally>,
    pub attendance_by_month: Vec<MonthTally>,
    pub schools: Vec<SchoolRate>,
    pub requests: Vec<StepTally>,
    pub households: Vec<TagTally>,
    pub org_life_open: i64,
    pub org_life_done: i64,
}

/// A member's training in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberHours {
    pub member: Id,
    pub name: String,
    pub org_name: String,
    pub sessions: i64,
    pub hours: f64,
}

const MONTH_OF: &str = "strftime('%Y-%m', {col} / 1000 + 8 * 3600, 'unixepoch')";

fn month(col: &str) -> String {
    MONTH_OF.replace("{col}", col)
}

fn count(c: &Connection, sql: &str, orgs: &str) -> Result<i64> {
    Ok(c.prepare_cached(sql)?.query_row([orgs], |r| r.get(0))?)
}

impl Steppe {
    fn subtree_json(&self, root: Id) -> Result<String> {
        let ids: Vec<String> = self
            .org_subtree(root)?
            .into_iter()
            .map(|o| o.id.to_string())
            .collect();
        Ok(serde_json::to_string(&ids).unwrap_or_default())
    }

    /// Statistics over `root` and everything below it; months are those since `since_ms`.
    pub fn subtree_stats(&self, root: Id, since_ms: i64, now_ms: i64) -> Result<SubtreeStats> {
        let orgs = self.subtree_json(root)?;
        let schools: Vec<(Id, String, Option<Id>)> = self
            .org_subtree(root)?
            .into_iter()
            .filter(|o| o.kind == steppe_domain::org::OrgKind::PartySchool)
            .map(|o| (o.id, o.name, o.parent))
            .collect();
        let mut served = Vec::new();
        for (_, _, parent) in &schools {
            served.push(match parent {
                Some(p) => self.subtree_json(*p)?,
                None => "[]".to_string(),
            });
        }
        self.read(|c| {
            const IN: &str = "IN (SELECT value FROM json_each(?1))";
            let party = MemberStatus::party_member_codes_sql();
            // Members and everyone else in one pass over the subtree's rolls.
            let (members, trainees): (i64, i64) = c
                .prepare_cached(&format!(
                    "SELECT COALESCE(SUM(status IN ({party})), 0), COALESCE(SUM(status NOT IN ({party})), 0)
                     FROM people WHERE org {IN}"
                ))?
                .query_row([&orgs], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT category, status, outcome, COUNT(*) FROM cases WHERE branch {IN}
                 GROUP BY category, status, outcome ORDER BY category, status, outcome"
            ))?;
            let cases = stmt
                .query_map([&orgs], |r| Ok(CaseTally { category: r.get(0)?, status: r.get(1)?, outcome: r.get(2)?, count: r.get(3)? }))?
                .collect::<std::result::Result<_, _>>()?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT m, SUM(opened), SUM(closed) FROM (
                     SELECT {} AS m, 1 AS opened, 0 AS closed FROM cases WHERE branch {IN} AND opened_at >= ?2
                     UNION ALL
                     SELECT {} AS m, 0, 1 FROM cases WHERE branch {IN} AND closed_at >= ?2)
                 GROUP BY m ORDER BY m",
                month("opened_at"),
                month("closed_at")
            ))?;
            let cases_by_month = stmt
                .query_map(params![&orgs, since_ms], |r| Ok(MonthTally { month: r.get(0)?, first: r.get(1)?, second: r.get(2)? }))?
                .collect::<std::result::Result<_, _>>()?;
            let school_ids: Vec<String> = schools.iter().map(|(id, _, _)| id.to_string()).collect();
            let school_json = serde_json::to_string(&school_ids).unwrap_or_default();
            // Check-ins are counted from each session's `present` (its check-ins, projected
            // with it; the attendance rows carry the session's school and time): a league's
            // months then read its few hundred sessions, not a year of check-ins (~300 ms).
            let mut stmt = c.prepare_cached(&format!(
                "SELECT m, SUM(present), SUM(held) FROM (
                     SELECT {} AS m, present, 0 AS held FROM sessions
                      WHERE school {IN} AND present > 0 AND starts_at >= ?2
                     UNION ALL
                     SELECT {} AS m, 0, 1 FROM sessions WHERE school {IN} AND cancelled = 0 AND starts_at >= ?2 AND starts_at <= ?3)
                 GROUP BY m ORDER BY m",
                month("starts_at"),
                month("starts_at")
            ))?;
            let attendance_by_month = stmt
                .query_map(params![&school_json, since_ms, now_ms], |r| Ok(MonthTally { month: r.get(0)?, first: r.get(1)?, second: r.get(2)? }))?
                .collect::<std::result::Result<_, _>>()?;
            let mut rates = Vec::new();
            for ((school, name, _), served) in schools.iter().zip(&served) {
                let sessions: i64 = c
                    .prepare_cached("SELECT COUNT(*) FROM sessions WHERE school = ?1 AND cancelled = 0 AND starts_at >= ?2 AND starts_at <= ?3")?
                    .query_row(params![school.to_string(), since_ms, now_ms], |r| r.get(0))?;
                let present: i64 = c
                    .prepare_cached("SELECT COALESCE(SUM(present), 0) FROM sessions WHERE school = ?1 AND starts_at >= ?2")?
                    .query_row(params![school.to_string(), since_ms], |r| r.get(0))?;
                // Everyone the school serves, trainees too: they check in like members.
                let members = count(c, &format!("SELECT COUNT(*) FROM people WHERE org {IN}"), served)?;
                let expected = (sessions * members) as f64;
                rates.push(SchoolRate {
                    school: *school,
                    name: name.clone(),
                    sessions,
                    present,
                    members,
                    rate: if expected > 0.0 { present as f64 / expected } else { 0.0 },
                });
            }
            let mut stmt = c.prepare_cached(&format!(
                "SELECT step, COUNT(*), COALESCE(SUM(satisfied = 1), 0), COALESCE(SUM(satisfied = 0), 0)
                 FROM requests WHERE community {IN} GROUP BY step ORDER BY step"
            ))?;
            let requests = stmt
                .query_map([&orgs], |r| Ok(StepTally { step: r.get(0)?, count: r.get(1)?, satisfied: r.get(2)?, unsatisfied: r.get(3)? }))?
                .collect::<std::result::Result<_, _>>()?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT t.tag, COUNT(*), COALESCE(SUM(h.visits), 0) FROM household_tags t JOIN households h ON h.id = t.household
                 WHERE t.grid {IN} GROUP BY t.tag ORDER BY t.tag"
            ))?;
            let households = stmt
                .query_map([&orgs], |r| Ok(TagTally { tag: r.get(0)?, households: r.get(1)?, visits: r.get(2)? }))?
                .collect::<std::result::Result<_, _>>()?;
            let (org_life_open, org_life_done): (i64, i64) = c
                .prepare_cached(&format!("SELECT COALESCE(SUM(open_items), 0), COALESCE(SUM(done_items), 0) FROM org_life WHERE branch {IN}"))?
                .query_row([&orgs], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(SubtreeStats {
                members,
                trainees,
                cases,
                cases_by_month,
                attendance_by_month,
                schools: rates,
                requests,
                households,
                org_life_open,
                org_life_done,
            })
        })
    }

    /// The training in `year` of `members`, in the order given: the caller picks the page of
    /// members (the web pages order them by pinyin, which the store cannot; see
    /// [`Steppe::people_under`]), and totals are computed for the rows shown, not for every
    /// member of a league. Ids of no one held here are left out.
    pub fn member_hours(&self, members: &[Id], year: i32) -> Result<Vec<MemberHours>> {
        let ids: Vec<String> = members.iter().map(Id::to_string).collect();
        let ids = serde_json::to_string(&ids).unwrap_or_default();
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "WITH page AS (
                     SELECT j.key AS at, p.id, p.name, p.org FROM json_each(?1) j
                     JOIN people p ON p.id = j.value)
                 SELECT page.id, page.name, o.name, COUNT(a.member), COALESCE(SUM(a.minutes), 0)
                 FROM page JOIN orgs o ON o.id = page.org
                 LEFT JOIN attendance a ON a.member = page.id AND a.year = ?2 AND a.status = 'present'
                 GROUP BY page.at, page.id, page.name, o.name
                 ORDER BY page.at",
            )?;
            let rows: Vec<(String, String, String, i64, i64)> = stmt
                .query_map(params![ids, year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<std::result::Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, name, org_name, sessions, minutes)| {
                    Ok(MemberHours { member: parse_id(&id)?, name, org_name, sessions, hours: minutes as f64 / 60.0 })
                })
                .collect()
        })
    }

    /// A held record's kind and organisation (what a mark on it names).
    pub fn record_place(&self, id: Id) -> Result<Option<(steppe_domain::RecordKind, String)>> {
        self.read(|c| {
            use rusqlite::OptionalExtension;
            let row: Option<(Option<String>, Option<String>)> = c
                .query_row(
                    "SELECT kind, org FROM documents WHERE id = ?1",
                    [id.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            Ok(row.and_then(|(k, o)| Some((steppe_domain::RecordKind::parse(&k?)?, o?))))
        })
    }

    /// The organisation a record belongs to (what scopes who may see it), if the record is held.
    pub fn record_org(&self, id: Id) -> Result<Option<String>> {
        self.read(|c| {
            use rusqlite::OptionalExtension;
            Ok(c.query_row(
                "SELECT org FROM documents WHERE id = ?1",
                [id.to_string()],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
        })
    }
}
