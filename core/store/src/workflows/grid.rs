//! Grid work: tagged households, visits, and in-service members' service.

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::household::{Household, HouseholdTag, VisitMode};
use steppe_domain::member_service::MemberService;

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub id: Id,
    pub grid: Id,
    pub address: String,
    pub head: String,
    pub visits: i64,
    pub last_visit: Option<i64>,
}

/// A household a grid worker takes on, for [`Steppe::register_household`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHousehold {
    pub grid: Id,
    pub address: String,
    pub head: String,
    pub size: i64,
    /// Tags set at registration, in the same change.
    pub tags: Vec<HouseholdTag>,
}

/// A member's service to a community, for [`Steppe::log_member_service`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMemberService {
    pub member: Id,
    pub community: Id,
    pub minutes: i64,
    pub people_served: i64,
    pub description: String,
}

impl Steppe {
    pub fn register_household(&self, new: NewHousehold) -> Result<Id> {
        let NewHousehold {
            grid,
            address,
            head,
            size,
            tags,
        } = new;
        self.read(|c| scope::org_kind(c, grid))?;
        let mut h = Household::register(grid.to_string(), address, head, size)?;
        for tag in tags {
            h.set_tag(tag, true);
        }
        self.create(&h, Command::HouseholdRegister)
    }

    pub fn tag_household(&self, household: Id, tag: HouseholdTag, on: bool) -> Result<()> {
        self.update::<Household, _>(household, Command::HouseholdTag, |h, _, _| {
            h.set_tag(tag, on);
            Ok(())
        })
    }

    pub fn log_visit(
        &self,
        household: Id,
        mode: VisitMode,
        note: &str,
        follow_up: bool,
    ) -> Result<String> {
        let visitor = self.identity().user_name.clone();
        let id = Id::new().to_string();
        self.update::<Household, _>(household, Command::HouseholdVisit, |h, _, now| {
            h.log_visit(id.clone(), mode, visitor, note.to_string(), follow_up, now)?;
            Ok(id)
        })
    }

    /// Households of a grid carrying a tag (or all of them), by address.
    pub fn households(
        &self,
        grid: Id,
        tag: Option<HouseholdTag>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<HouseholdRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT h.id, h.grid, h.address, h.head, h.visits, h.last_visit FROM households h
                 WHERE h.grid = ?1 AND (?2 IS NULL OR EXISTS (SELECT 1 FROM household_tags t WHERE t.household = h.id AND t.tag = ?2))
                 ORDER BY h.address, h.id LIMIT ?3 OFFSET ?4",
            )?;
            let rows = stmt.query_map(params![grid.to_string(), tag.map(|t| t.code()), limit, offset], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, grid, address, head, visits, last_visit) = row?;
                out.push(HouseholdRow { id: parse_id(&id)?, grid: parse_id(&grid)?, address, head, visits, last_visit });
            }
            Ok(out)
        })
    }

    pub fn log_member_service(&self, new: NewMemberService) -> Result<Id> {
        let NewMemberService {
            member,
            community,
            minutes,
            people_served,
            description,
        } = new;
        self.read(|c| scope::org_kind(c, community))?;
        let s = MemberService::log(
            member.to_string(),
            community.to_string(),
            self.now(),
            minutes,
            people_served,
            description,
        )?;
        self.create(&s, Command::MemberServiceLog)
    }

    /// A member's service in `[from, to)`: entries, minutes, people served.
    pub fn member_service_totals(&self, member: Id, from: i64, to: i64) -> Result<(i64, i64, i64)> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*), COALESCE(SUM(minutes), 0), COALESCE(SUM(people), 0) FROM member_services WHERE member = ?1 AND at >= ?2 AND at < ?3",
                params![member.to_string(), from, to],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
    }
}
