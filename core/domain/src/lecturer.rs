//! The lecturer pool ("驼乡先锋" teachers) a league draws its Party schools' lecturers from.

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum LecturerSource {
        Official => ("official", "党政领导干部"),
        PartySchoolTeacher => ("party_school_teacher", "党校教师"),
        BranchSecretary => ("branch_secretary", "基层党组织书记"),
        ModelWorker => ("model_worker", "先进模范人物"),
        PartyAffairsWorker => ("party_affairs_worker", "党务工作者"),
        Expert => ("expert", "专家学者"),
        Technician => ("technician", "实用技术人才"),
        IndustryLeader => ("industry_leader", "产业带头人"),
        RetiredCadre => ("retired_cadre", "离退休干部"),
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
            return Err(DomainError::invalid(
                "specialties",
                "must not contain an empty entry",
            ));
        }
        Ok(())
    }
}
