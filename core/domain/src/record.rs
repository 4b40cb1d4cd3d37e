//! What every record kind has in common.

use autosurgeon::{Hydrate, Reconcile};

use crate::error::Result;

/// Every kind of record Steppe keeps. Each record is its own automerge document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordKind {
    Organisation,
    Person,
    Lecturer,
    Course,
    Session,
    MediationCase,
    ServiceLog,
    ResidentRequest,
    JointMeeting,
    Household,
    MemberService,
    OrgLifeMeeting,
    DemocraticEvaluation,
}

impl RecordKind {
    pub const ALL: [RecordKind; 13] = [
        Self::Organisation,
        Self::Person,
        Self::Lecturer,
        Self::Course,
        Self::Session,
        Self::MediationCase,
        Self::ServiceLog,
        Self::ResidentRequest,
        Self::JointMeeting,
        Self::Household,
        Self::MemberService,
        Self::OrgLifeMeeting,
        Self::DemocraticEvaluation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organisation => "organisation",
            Self::Person => "person",
            Self::Lecturer => "lecturer",
            Self::Course => "course",
            Self::Session => "session",
            Self::MediationCase => "mediation_case",
            Self::ServiceLog => "service_log",
            Self::ResidentRequest => "resident_request",
            Self::JointMeeting => "joint_meeting",
            Self::Household => "household",
            Self::MemberService => "member_service",
            Self::OrgLifeMeeting => "org_life_meeting",
            Self::DemocraticEvaluation => "democratic_evaluation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record type stored as one automerge document.
pub trait Record: Hydrate + Reconcile + Clone + std::fmt::Debug {
    const KIND: RecordKind;
    /// Bumped when the document layout changes; readers upgrade older layouts.
    const SCHEMA_VERSION: u64 = 1;

    /// The organisation this record belongs to: what scopes who may read and write it.
    fn scope_org(&self) -> &str;

    /// Invariants that must hold in every state, checked after every local command and after
    /// every merge (a merge can produce a state nobody wrote).
    fn validate(&self) -> Result<()>;
}
