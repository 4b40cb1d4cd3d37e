//! People, their member status and roles, and the lecturer pool.

use rusqlite::{OptionalExtension, params};
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::command::Command;
use steppe_domain::lecturer::{Lecturer, LecturerSource};
use steppe_domain::org::OrgKind;
use steppe_domain::person::{MemberStatus, Person};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope::{self, SUBTREE};
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    pub org: Id,
    pub org_name: String,
    pub org_kind: OrgKind,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: Id,
    pub org: Id,
    pub name: String,
    pub status: MemberStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LecturerRow {
    pub id: Id,
    pub name: String,
    pub source: LecturerSource,
    pub specialties: String,
}

/// A person joining an organisation, for [`Steppe::add_person`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    /// Lets the user's own record take their user id; `None` draws a new one.
    pub id: Option<Id>,
    pub name: String,
    pub org: Id,
    pub status: MemberStatus,
    pub phone: Option<String>,
}

/// A lecturer joining a pool, for [`Steppe::register_lecturer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLecturer {
    pub name: String,
    pub pool: Id,
    /// The member the lecturer is, when they are one.
    pub person: Option<Id>,
    pub source: LecturerSource,
    pub specialties: Vec<String>,
}

impl Steppe {
    /// Adds a person to an organisation.
    pub fn add_person(&self, new: NewPerson) -> Result<Id> {
        let NewPerson {
            id,
            name,
            org,
            status,
            phone,
        } = new;
        self.read(|c| scope::org_kind(c, org))?;
        let p = Person::new(name, org.to_string(), status, phone)?;
        self.create_with_id(id.unwrap_or_else(Id::new), &p, Command::PersonAdd)
    }

    pub fn set_member_status(&self, person: Id, status: MemberStatus) -> Result<()> {
        self.update::<Person, _>(person, Command::PersonSetStatus, |p, _, _| {
            p.set_status(status);
            Ok(())
        })
    }

    /// Gives a person their name in traditional Mongolian script (or takes it away).
    pub fn set_person_name_mn(&self, person: Id, name_mn: Option<&str>) -> Result<()> {
        self.update::<Person, _>(person, Command::PersonNameMongolian, |p, _, _| {
            Ok(p.set_name_mn(name_mn.map(str::to_string))?)
        })
    }

    pub fn grant_role(&self, person: Id, org: Id, role: Role) -> Result<()> {
        self.read(|c| scope::org_kind(c, org))?;
        self.update::<Person, _>(person, Command::PersonGrantRole, |p, _, _| {
            Ok(p.grant(&org.to_string(), role)?)
        })
    }

    pub fn revoke_role(&self, person: Id, org: Id, role: Role) -> Result<()> {
        self.update::<Person, _>(person, Command::PersonRevokeRole, |p, _, _| {
            Ok(p.revoke(&org.to_string(), role)?)
        })
    }

    /// The roles a person holds, with the organisations they hold them on: what a phone's
    /// screens start from (the mediator's branch, the supervisor's township).
    pub fn roles_of(&self, person: Id) -> Result<Vec<RoleRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT r.org, o.name, o.kind, r.role FROM roles r JOIN orgs o ON o.id = r.org
                 WHERE r.person = ?1 ORDER BY o.name, r.role",
            )?;
            let rows: Vec<(String, String, String, String)> = stmt
                .query_map(params![person.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            rows.into_iter()
                .filter_map(|(org, name, kind, role)| {
                    Some(Ok(RoleRow {
                        org: match parse_id(&org) {
                            Ok(id) => id,
                            Err(e) => return Some(Err(e)),
                        },
                        org_name: name,
                        org_kind: OrgKind::parse(&kind)?,
                        role: Role::parse(&role)?,
                    }))
                })
                .collect()
        })
    }

    /// Members of one branch, by name.
    pub fn people_of(&self, org: Id) -> Result<Vec<PersonRow>> {
        self.people_where(
            "SELECT id, org, name, status FROM people WHERE org = ?1 ORDER BY name, id",
            params![org.to_string()],
        )
    }

    /// The people of `root`'s subtree called exactly `name` (a secretary marking a member by the
    /// name they give; more than one means the name does not say who).
    pub fn people_named(&self, root: Id, name: &str) -> Result<Vec<PersonRow>> {
        self.people_where(
            &format!("{SUBTREE} SELECT p.id, p.org, p.name, p.status FROM people p JOIN sub ON p.org = sub.id
             WHERE p.name = ?2 ORDER BY p.id"),
            params![root.to_string(), name.trim()],
        )
    }

    /// Everyone on the rolls of `root`'s subtree, by name (code points) and id: what a page
    /// orders as people read names, or searches by pinyin, where the store cannot (it knows no
    /// pinyin: the phones' library carries no pinyin tables).
    pub fn people_under(&self, root: Id) -> Result<Vec<PersonRow>> {
        self.people_where(
            &format!("{SUBTREE} SELECT p.id, p.org, p.name, p.status FROM people p JOIN sub ON p.org = sub.id
             ORDER BY p.name, p.id"),
            params![root.to_string()],
        )
    }

    /// How many people hold each role on the organisations of `root`'s subtree (a village's
    /// 三员 supervisors, a township's grid workers), each person once per role.
    pub fn role_holders(&self, root: Id) -> Result<Vec<(Role, i64)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                &format!("{SUBTREE} SELECT r.role, COUNT(DISTINCT r.person) FROM roles r JOIN sub ON r.org = sub.id
                 GROUP BY r.role ORDER BY r.role"),
            )?;
            let rows: Vec<(String, i64)> = stmt
                .query_map([root.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(role, n)| Some((Role::parse(&role)?, n)))
                .collect())
        })
    }

    /// The name of the person `id` where this device holds their record.
    pub fn person_name(&self, id: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT name FROM people WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?)
        })
    }

    /// Who logged a step, as readers see it: the person the step's user is, where held here —
    /// the name a step carries is the writer's own claim — else that claimed name.
    pub fn step_author(&self, user: Option<&str>, claimed: &str) -> String {
        user.and_then(|u| self.person_name(u).ok().flatten())
            .unwrap_or_else(|| claimed.to_string())
    }

    fn people_where(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<PersonRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(sql)?;
            let rows: Vec<(String, String, String, String)> = stmt
                .query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, org, name, status)| {
                    Ok(PersonRow {
                        id: parse_id(&id)?,
                        org: parse_id(&org)?,
                        name,
                        status: MemberStatus::parse(&status).unwrap_or(MemberStatus::Full),
                    })
                })
                .collect()
        })
    }

    pub fn register_lecturer(&self, new: NewLecturer) -> Result<Id> {
        let NewLecturer {
            name,
            pool,
            person,
            source,
            specialties,
        } = new;
        self.read(|c| scope::org_kind(c, pool))?;
        let l = Lecturer::new(
            name,
            pool.to_string(),
            person.map(|p| p.to_string()),
            source,
            specialties,
        )?;
        self.create(&l, Command::LecturerRegister)
    }

    /// The lecturers a school may draw on: its own pool's and those of every unit above it (a
    /// banner's or the league's pool serves the schools below).
    pub fn lecturers_for_school(&self, school: Id) -> Result<Vec<LecturerRow>> {
        let chain = self.read(|c| Ok(scope::lineage(c, &school.to_string())))?;
        let mut out = Vec::new();
        for pool in chain.iter().filter_map(|o| Id::parse(o).ok()) {
            out.extend(self.lecturers(pool)?);
        }
        Ok(out)
    }

    pub fn lecturers(&self, pool: Id) -> Result<Vec<LecturerRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT id, name, source, specialties FROM lecturers WHERE pool = ?1 ORDER BY name, id")?;
            let rows: Vec<(String, String, String, String)> =
                stmt.query_map(params![pool.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, name, source, specialties)| {
                    Ok(LecturerRow { id: parse_id(&id)?, name, source: LecturerSource::parse(&source).unwrap_or(LecturerSource::Expert), specialties })
                })
                .collect()
        })
    }
}
