//! 共建契约 — the co-building contract a registered work unit signs with its community, at least
//! one a year, with what each side commits to under each heading, and whether it was done.

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text, require_year};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum ContractHeading {
        OrganisationLink => ("organisation_link", "组织联建"),
        JointPartyBuilding => ("joint_party_building", "党建联抓"),
        JointActivities => ("joint_activities", "活动联办"),
        MembersManaged => ("members_managed", "党员联管"),
        SharedResources => ("shared_resources", "资源联享"),
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Commitment {
    #[key]
    pub id: String,
    pub heading: ContractHeading,
    pub text: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct CoBuildingContract {
    pub community: String,
    pub unit: String,
    pub year: i64,
    pub signed_at: i64,
    pub commitments: Vec<Commitment>,
}

impl CoBuildingContract {
    pub fn sign(community: String, unit: String, year: i64, now: i64) -> Result<Self> {
        let c = Self {
            community,
            unit,
            year,
            signed_at: now,
            commitments: Vec::new(),
        };
        c.validate()?;
        Ok(c)
    }

    pub fn commit(&mut self, id: String, heading: ContractHeading, text: String) -> Result<()> {
        require_text("text", &text)?;
        self.commitments.push(Commitment {
            id,
            heading,
            text,
            done: false,
        });
        Ok(())
    }

    pub fn fulfil(&mut self, id: &str) -> Result<()> {
        let c = self
            .commitments
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or_else(|| DomainError::invalid("commitment", "no such commitment"))?;
        if c.done {
            return Err(DomainError::transition(
                RecordKind::CoBuildingContract,
                "fulfil a commitment of",
                "already fulfilled",
            ));
        }
        c.done = true;
        Ok(())
    }
}

impl Record for CoBuildingContract {
    fn scope_org(&self) -> &str {
        &self.community
    }

    fn validate(&self) -> Result<()> {
        require_id("community", &self.community)?;
        require_id("unit", &self.unit)?;
        if self.unit == self.community {
            return Err(DomainError::invalid("unit", "a contract has two sides"));
        }
        require_year(self.year)?;
        for c in &self.commitments {
            require_text("text", &c.text)?;
        }
        Ok(())
    }
}
