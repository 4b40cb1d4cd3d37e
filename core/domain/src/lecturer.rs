//! The lecturer pool ("驼乡先锋" teachers) a league draws its Party schools' lecturers from.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum LecturerSource {
        Official => "official",
        PartySchoolTeacher => "party_school_teacher",
        BranchSecretary => "branch_secretary",
        ModelWorker => "model_worker",
        PartyAffairsWorker => "party_affairs_worker",
        Expert => "expert",
        Technician => "technician",
        IndustryLeader => "industry_leader",
        RetiredCadre => "retired_cadre",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Lecturer {
    pub name: String,
    /// The organisation whose pool this is (usually the league).
    pub pool: String,
    pub person: Option<String>,
    pub source: LecturerSource,
    pub specialties: Vec<String>,
}

impl Lecturer {
    pub fn new(
        name: String,
        pool: String,
        person: Option<String>,
        source: LecturerSource,
        specialties: Vec<String>,
    ) -> Result<Self> {
        let l = Self {
            name,
            pool,
            person,
            source,
            specialties,
        };
        l.validate()?;
        Ok(l)
    }
}

impl Record for Lecturer {
    fn scope_org(&self) -> &str {
        &self.pool
    }

    fn validate(&self) -> Result<()> {
        require_text("name", &self.name)?;
        require_id("pool", &self.pool)?;
        if let Some(p) = &self.person {
            require_id("person", p)?;
        }
        if self.specialties.iter().any(|s| s.trim().is_empty()) {
            return Err(DomainError::invalid("specialties", Reason::NoEmptyEntry));
        }
        Ok(())
    }
}
