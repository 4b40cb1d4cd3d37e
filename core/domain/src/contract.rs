//! 共建契约 — the co-building contract a registered work unit signs with its community, at least
//! one a year, with what each side commits to under each heading, and whether it was done.

use crate::reason::{Reason, Standing, Step};
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text, require_year};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum ContractHeading {
        OrganisationLink => "organisation_link",
        JointPartyBuilding => "joint_party_building",
        JointActivities => "joint_activities",
        MembersManaged => "members_managed",
        SharedResources => "shared_resources",
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
            .ok_or_else(|| DomainError::invalid("commitment", Reason::NoSuchCommitment))?;
        if c.done {
            return Err(DomainError::transition(
                RecordKind::CoBuildingContract,
                Step::Fulfil,
                Standing::AlreadyFulfilled,
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
            return Err(DomainError::invalid("unit", Reason::ContractHasTwoSides));
        }
        require_year(self.year)?;
        for c in &self.commitments {
            require_text("text", &c.text)?;
        }
        Ok(())
    }
}
