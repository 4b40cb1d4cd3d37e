//! 双报到 — a work unit's Party organisation, or one of its in-service members, registers with
//! the community where it stands or the member lives. The community keeps the registration (it
//! is scoped there), so the community's secretary and grid workers see who reported to them;
//! the member's services there (`MemberService`) count toward the member's report to both.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_year};
use crate::record::Record;

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct CommunityRegistration {
    pub community: String,
    /// The work unit's Party organisation.
    pub unit: String,
    /// The in-service member, when a member reports; `None` when the unit itself reports.
    pub member: Option<String>,
    pub year: i64,
    pub registered_at: i64,
}

impl CommunityRegistration {
    pub fn register(
        community: String,
        unit: String,
        member: Option<String>,
        year: i64,
        now: i64,
    ) -> Result<Self> {
        let r = Self {
            community,
            unit,
            member,
            year,
            registered_at: now,
        };
        r.validate()?;
        Ok(r)
    }
}

impl Record for CommunityRegistration {
    fn scope_org(&self) -> &str {
        &self.community
    }

    fn validate(&self) -> Result<()> {
        require_id("community", &self.community)?;
        require_id("unit", &self.unit)?;
        if self.unit == self.community {
            return Err(DomainError::invalid(
                "unit",
                Reason::RegistersWithOtherCommunity,
            ));
        }
        if let Some(m) = &self.member {
            require_id("member", m)?;
        }
        require_year(self.year)?;
        Ok(())
    }
}
