//! 红色驿站 — a red station in a residential compound, staffed by duty volunteers, offers small
//! services (phone charging, emergency medicine, printing, health checks, small repairs,
//! mediation, policy questions). Each service given is one entry, scoped to the station; a
//! resident's request raised there is a `ResidentRequest` scoped to the station, taken through
//! the same five steps by the community above it.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum StationOffer {
        PhoneCharging => "phone_charging",
        EmergencyMedicine => "emergency_medicine",
        Printing => "printing",
        HealthCheck => "health_check",
        SmallRepair => "small_repair",
        Mediation => "mediation",
        PolicyConsultation => "policy_consultation",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct StationService {
    pub station: String,
    pub offer: StationOffer,
    pub at: i64,
    /// The duty volunteer's person id.
    pub volunteer: String,
    pub people_served: i64,
    pub note: String,
}

impl StationService {
    pub fn give(
        station: String,
        offer: StationOffer,
        volunteer: String,
        people_served: i64,
        note: String,
        now: i64,
    ) -> Result<Self> {
        let s = Self {
            station,
            offer,
            at: now,
            volunteer,
            people_served,
            note,
        };
        s.validate()?;
        Ok(s)
    }
}

impl Record for StationService {
    fn scope_org(&self) -> &str {
        &self.station
    }

    fn validate(&self) -> Result<()> {
        require_id("station", &self.station)?;
        require_id("volunteer", &self.volunteer)?;
        if !(1..=10_000).contains(&self.people_served) {
            return Err(DomainError::invalid(
                "people_served",
                Reason::Between1And10000,
            ));
        }
        if !self.note.is_empty() {
            require_text("note", &self.note)?;
        }
        Ok(())
    }
}
