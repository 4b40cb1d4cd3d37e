//! Mirrors of the domain's enums for the apps (conversions only; codes and labels stay the
//! domain's), and the records every role shares. Each role's records live beside its calls:
//! `mediation`, `school`, `grid`, `branch`, `review`.

use steppe_domain::Vocabulary;
use steppe_domain::{
    authz, course, evaluation, household, joint_meeting, mediation, org_life, person, rejection,
    request, service_log,
};

/// Declares an FFI enum mirroring a domain enum variant for variant, with conversions both ways.
macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident = $module:ident :: $domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name { $($variant),+ }

        impl From<$module::$domain> for $name {
            fn from(d: $module::$domain) -> Self {
                match d { $($module::$domain::$variant => Self::$variant),+ }
            }
        }

        impl From<$name> for $module::$domain {
            fn from(f: $name) -> Self {
                match f { $($name::$variant => Self::$variant),+ }
            }
        }
    };
}

mirror!(
    CaseCategory = mediation::CaseCategory {
        Neighbours,
        PastureBoundary,
        Family,
        LivestockDamage,
        Debt,
        Other
    }
);
mirror!(CaseStatus = mediation::CaseStatus { Open, Closed });
mirror!(
    Outcome = mediation::Outcome {
        Agreement,
        Referred,
        Withdrawn,
        Unresolved
    }
);
mirror!(SessionMode = course::SessionMode { OnSite, Online });
mirror!(
    Attendance = course::Attendance {
        Present,
        Absent,
        Excused
    }
);
mirror!(
    ServiceKind = service_log::ServiceKind {
        LegalAdvice,
        DisputeResolved,
        DifficultySolved,
        AntiFraud,
        LawPublicity
    }
);
mirror!(
    RequestStep = request::RequestStep {
        Raised,
        Discussed,
        Decided,
        Done,
        Evaluated,
        Reopened
    }
);
mirror!(
    HouseholdTag = household::HouseholdTag {
        SeriousIllness,
        Elderly,
        LivingAlone,
        Disability,
        LowIncome,
        UnsafeHousing,
        Student
    }
);
mirror!(
    VisitMode = household::VisitMode {
        Phone,
        WeChat,
        Video,
        Door
    }
);
mirror!(
    MeetingKind = org_life::MeetingKind {
        DemocraticLife,
        OrganisationalLife
    }
);
mirror!(
    ItemKind = org_life::ItemKind {
        Opinion,
        Talk,
        Problem
    }
);
mirror!(
    JointParty = joint_meeting::JointParty {
        CommunityCommittee,
        PropertyCompany,
        OwnersCommittee
    }
);
mirror!(
    MemberStatus = person::MemberStatus {
        Full,
        Probationary,
        CultivationTarget,
        Activist,
        Mobile,
        NonMember,
    }
);
mirror!(
    RefusalReason = rejection::RefusalReason {
        ForeignActor,
        OutOfScope,
        RuleViolation,
        Malformed,
        MissingDependency,
    }
);
mirror!(
    Role = authz::Role {
        Member,
        Secretary,
        GridWorker,
        Mediator,
        Lecturer,
        Supervisor,
        Administrator,
        PartyBuildingMonitor,
        SentimentMonitor,
        IntegrityMonitor,
        Instructor,
        Volunteer
    }
);
mirror!(
    Grade = evaluation::Grade {
        Excellent,
        Qualified,
        BasicallyQualified,
        Unqualified
    }
);
mirror!(
    Topic = course::Topic {
        PartyTheory,
        PartySpirit,
        ConstitutionRulesDiscipline,
        SituationPolicy,
        KnowledgeSkills,
        RuralRevitalisation,
        PracticalSkills,
    }
);

/// Who this install is, after enrollment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Enrollment {
    pub user_id: String,
    pub user_name: String,
    pub device_id: String,
    pub device_name: String,
    /// The automerge actor the server bound to this device.
    pub actor: Vec<u8>,
    /// Keep it in the Keystore / Keychain: it is shown once.
    pub token: String,
}

/// A role the signed-in member holds on an organisation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RoleAt {
    pub org: String,
    pub org_name: String,
    pub org_kind_key: String,
    pub role: Role,
    pub role_key: String,
}

impl From<steppe_core::RoleRow> for RoleAt {
    fn from(r: steppe_core::RoleRow) -> Self {
        Self {
            org: r.org.to_string(),
            org_name: r.org_name,
            org_kind_key: r.org_kind.message_id(),
            role: r.role.into(),
            role_key: r.role.message_id(),
        }
    }
}
