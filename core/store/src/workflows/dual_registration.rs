//! 双报到: work units' Party organisations and in-service members registered with communities,
//! the co-building contracts units sign with them, and the figures the seed reports (units and
//! members registered, contracts, people-times served).

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::contract::{CoBuildingContract, ContractHeading};
use steppe_domain::evaluation::Grade;
use steppe_domain::registration::CommunityRegistration;
use steppe_domain::service_review::ServiceReview;

use crate::error::Result;
use crate::scope::{self, SUBTREE};
use crate::steppe::Steppe;

/// A registration with a community, for [`Steppe::register_with_community`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegistration {
    pub community: Id,
    pub unit: Id,
    /// The in-service member registering; `None` when the unit itself registers.
    pub member: Option<Id>,
    pub year: i64,
}

/// The 双报到 figures of a subtree's communities for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DualFigures {
    /// Work units registered with a community.
    pub units_registered: i64,
    /// In-service members registered.
    pub members_registered: i64,
    /// Co-building contracts signed, and the registered units that have none this year with the
    /// community they registered with.
    pub contracts: i64,
    pub units_without_contract: i64,
    /// In-service members' service entries and the people-times they served.
    pub services: i64,
    pub people_served: i64,
    /// 双报告、双考核: registered members who reported to both their unit and the community,
    /// and those both assessed.
    pub reported_to_both: i64,
    pub assessed_by_both: i64,
}

impl Steppe {
    pub fn register_with_community(&self, new: NewRegistration) -> Result<Id> {
        self.read(|c| scope::org_kind(c, new.community))?;
        let r = CommunityRegistration::register(
            new.community.to_string(),
            new.unit.to_string(),
            new.member.map(|m| m.to_string()),
            new.year,
            self.now(),
        )?;
        self.create(&r, Command::RegistrationRecord)
    }

    pub fn sign_contract(&self, community: Id, unit: Id, year: i64) -> Result<Id> {
        self.read(|c| scope::org_kind(c, community))?;
        let c =
            CoBuildingContract::sign(community.to_string(), unit.to_string(), year, self.now())?;
        self.create(&c, Command::ContractSign)
    }

    pub fn add_commitment(
        &self,
        contract: Id,
        heading: ContractHeading,
        text: &str,
    ) -> Result<String> {
        let id = Id::new().to_string();
        self.update::<CoBuildingContract, _>(contract, Command::ContractCommit, |c, _, _| {
            c.commit(id.clone(), heading, text.to_string())?;
            Ok(id)
        })
    }

    pub fn fulfil_commitment(&self, contract: Id, commitment: &str) -> Result<()> {
        self.update::<CoBuildingContract, _>(contract, Command::ContractFulfil, |c, _, _| {
            Ok(c.fulfil(commitment)?)
        })
    }

    /// Records `member`'s report of `year` as `org` (their unit or their community) received it.
    pub fn receive_service_report(&self, member: Id, org: Id, year: i64, text: &str) -> Result<Id> {
        let id = self.service_review(member, org, year)?;
        self.update::<ServiceReview, _>(id, Command::ReviewReport, |r, _, now| {
            Ok(r.receive_report(text.to_string(), now)?)
        })?;
        Ok(id)
    }

    /// `org`'s assessment of `member`'s year, after their report.
    pub fn assess_service(
        &self,
        member: Id,
        org: Id,
        year: i64,
        grade: Grade,
        remarks: Option<&str>,
    ) -> Result<()> {
        let id = ServiceReview::id_for(&member.to_string(), &org.to_string(), year);
        self.update::<ServiceReview, _>(id, Command::ReviewAssess, |r, _, _| {
            Ok(r.assess(grade, remarks.map(str::to_string))?)
        })
    }

    /// The review of `member` by `org` for `year`, opened if this device holds none.
    fn service_review(&self, member: Id, org: Id, year: i64) -> Result<Id> {
        self.read(|c| scope::org_kind(c, org))?;
        let id = ServiceReview::id_for(&member.to_string(), &org.to_string(), year);
        if !self.holds(id)? {
            let r = ServiceReview::open(member.to_string(), org.to_string(), year)?;
            self.create_with_id(id, &r, Command::ReviewReport)?;
        }
        Ok(id)
    }

    /// The 双报到 figures of the communities in `root`'s subtree for `year`; service counts
    /// the entries dated in `[from, to)` (the year's bounds in the caller's time zone).
    pub fn dual_figures(&self, root: Id, year: i64, from: i64, to: i64) -> Result<DualFigures> {
        self.read(|c| {
            let root = root.to_string();
            let (units, members): (i64, i64) = c
                .prepare_cached(&format!(
                    "{SUBTREE} SELECT COUNT(DISTINCT CASE WHEN r.member IS NULL THEN r.unit END),
                            COUNT(DISTINCT r.member)
                     FROM registrations r JOIN sub ON r.community = sub.id WHERE r.year = ?2"
                ))?
                .query_row(params![root, year], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (contracts, without): (i64, i64) = c
                .prepare_cached(&format!(
                    "{SUBTREE}, units AS (
                         SELECT DISTINCT r.unit, r.community FROM registrations r JOIN sub ON r.community = sub.id
                         WHERE r.year = ?2 AND r.member IS NULL)
                     SELECT (SELECT COUNT(*) FROM contracts k JOIN sub ON k.community = sub.id WHERE k.year = ?2),
                            (SELECT COUNT(DISTINCT u.unit) FROM units u WHERE NOT EXISTS (
                                 SELECT 1 FROM contracts k WHERE k.unit = u.unit AND k.community = u.community AND k.year = ?2))"
                ))?
                .query_row(params![root, year], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (services, people): (i64, i64) = c
                .prepare_cached(&format!(
                    "{SUBTREE} SELECT COUNT(*), COALESCE(SUM(s.people), 0)
                     FROM member_services s JOIN sub ON s.community = sub.id WHERE s.at >= ?2 AND s.at < ?3"
                ))?
                .query_row(params![root, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (reported, assessed): (i64, i64) = c
                .prepare_cached(&format!(
                    "{SUBTREE}, members AS (
                         SELECT DISTINCT r.member, r.unit, r.community FROM registrations r JOIN sub ON r.community = sub.id
                         WHERE r.year = ?2 AND r.member IS NOT NULL)
                     SELECT
                       COUNT(DISTINCT CASE WHEN
                           EXISTS(SELECT 1 FROM service_reviews v WHERE v.member = m.member AND v.org = m.unit AND v.year = ?2 AND v.reported)
                           AND EXISTS(SELECT 1 FROM service_reviews v WHERE v.member = m.member AND v.org = m.community AND v.year = ?2 AND v.reported)
                         THEN m.member END),
                       COUNT(DISTINCT CASE WHEN
                           EXISTS(SELECT 1 FROM service_reviews v WHERE v.member = m.member AND v.org = m.unit AND v.year = ?2 AND v.grade IS NOT NULL)
                           AND EXISTS(SELECT 1 FROM service_reviews v WHERE v.member = m.member AND v.org = m.community AND v.year = ?2 AND v.grade IS NOT NULL)
                         THEN m.member END)
                     FROM members m"
                ))?
                .query_row(params![root, year], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(DualFigures {
                units_registered: units,
                members_registered: members,
                contracts,
                units_without_contract: without,
                services,
                people_served: people,
                reported_to_both: reported,
                assessed_by_both: assessed,
            })
        })
    }
}
