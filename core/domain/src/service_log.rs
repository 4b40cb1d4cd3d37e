//! What a police–village branch logs besides cases: legal-advice services, difficulties solved,
//! anti-fraud and law publicity.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum ServiceKind {
        LegalAdvice => "legal_advice",
        DisputeResolved => "dispute_resolved",
        DifficultySolved => "difficulty_solved",
        AntiFraud => "anti_fraud",
        LawPublicity => "law_publicity",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct ServiceLog {
    pub branch: String,
    pub kind: ServiceKind,
    pub at: i64,
    pub people_served: i64,
    pub summary: String,
    pub case: Option<String>,
}

impl ServiceLog {
    pub fn new(
        branch: String,
        kind: ServiceKind,
        at: i64,
        people_served: i64,
        summary: String,
        case: Option<String>,
    ) -> Result<Self> {
        let s = Self {
            branch,
            kind,
            at,
            people_served,
            summary,
            case,
        };
        s.validate()?;
        Ok(s)
    }
}

impl Record for ServiceLog {
    fn scope_org(&self) -> &str {
        &self.branch
    }

    fn validate(&self) -> Result<()> {
        require_id("branch", &self.branch)?;
        require_text("summary", &self.summary)?;
        if !(0..=100_000).contains(&self.people_served) {
            return Err(DomainError::invalid(
                "people_served",
                Reason::Between0And100000,
            ));
        }
        if let Some(c) = &self.case {
            require_id("case", c)?;
        }
        Ok(())
    }
}
