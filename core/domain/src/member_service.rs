//! In-service Party members (在职党员) register with the community where they live and log the
//! service they give there.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct MemberService {
    pub member: String,
    pub community: String,
    pub at: i64,
    pub minutes: i64,
    pub people_served: i64,
    pub description: String,
}

impl MemberService {
    pub fn log(
        member: String,
        community: String,
        at: i64,
        minutes: i64,
        people_served: i64,
        description: String,
    ) -> Result<Self> {
        let s = Self {
            member,
            community,
            at,
            minutes,
            people_served,
            description,
        };
        s.validate()?;
        Ok(s)
    }
}

impl Record for MemberService {
    fn scope_org(&self) -> &str {
        &self.community
    }

    fn validate(&self) -> Result<()> {
        require_id("member", &self.member)?;
        require_id("community", &self.community)?;
        require_text("description", &self.description)?;
        if !(1..=24 * 60).contains(&self.minutes) {
            return Err(DomainError::invalid("minutes", Reason::Between1And1440));
        }
        if !(0..=100_000).contains(&self.people_served) {
            return Err(DomainError::invalid(
                "people_served",
                Reason::Between0And100000,
            ));
        }
        Ok(())
    }
}
