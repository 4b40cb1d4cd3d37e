//! 专题培训班 — a Party school's themed training programme of a year (a league runs twelve): the
//! courses grouped under it and the trainee-times their sessions drew. Field study (外出游学)
//! and practice teaching are kinds of session (`course::SessionKind`).

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::course::Topic;
use crate::error::{DomainError, Result, require_id, require_text, require_year};
use crate::record::Record;

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct TrainingProgramme {
    pub school: String,
    pub title: String,
    pub theme: Topic,
    pub year: i64,
    /// The days it runs, as Unix ms of their starts.
    pub starts_on: i64,
    pub ends_on: i64,
}

impl TrainingProgramme {
    pub fn plan(
        school: String,
        title: String,
        theme: Topic,
        year: i64,
        starts_on: i64,
        ends_on: i64,
    ) -> Result<Self> {
        let p = Self {
            school,
            title,
            theme,
            year,
            starts_on,
            ends_on,
        };
        p.validate()?;
        Ok(p)
    }
}

impl Record for TrainingProgramme {
    fn scope_org(&self) -> &str {
        &self.school
    }

    fn validate(&self) -> Result<()> {
        require_id("school", &self.school)?;
        require_text("title", &self.title)?;
        require_year(self.year)?;
        if self.ends_on < self.starts_on {
            return Err(DomainError::invalid("ends_on", Reason::NotBeforeStart));
        }
        Ok(())
    }
}
