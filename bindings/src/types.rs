//! What crosses the boundary: the core's rows as uniffi records, and mirrors of the domain's
//! enums (conversions only; codes and labels stay the domain's).

use steppe_domain::{course, mediation};

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
        Withdrawn
    }
);
mirror!(SessionMode = course::SessionMode { OnSite, Online });
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

/// A dispute as the mediator first records it (`branch` is the branch's id).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewCase {
    pub branch: String,
    pub category: CaseCategory,
    pub place: String,
    pub description: String,
    pub parties: Vec<String>,
    #[uniffi(default)]
    pub mediators: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CaseRow {
    pub id: String,
    pub branch: String,
    pub category: CaseCategory,
    pub category_label: String,
    pub status: CaseStatus,
    pub status_label: String,
    pub outcome: Option<Outcome>,
    pub place: String,
    pub opened_at_ms: i64,
    pub entries: i64,
    pub last_activity_ms: i64,
}

impl From<steppe_core::CaseRow> for CaseRow {
    fn from(r: steppe_core::CaseRow) -> Self {
        Self {
            id: r.id.to_string(),
            branch: r.branch.to_string(),
            category: r.category.into(),
            category_label: r.category.label().into(),
            status: r.status.into(),
            status_label: r.status.label().into(),
            outcome: r.outcome.map(Into::into),
            place: r.place,
            opened_at_ms: r.opened_at,
            entries: r.entries,
            last_activity_ms: r.last_activity,
        }
    }
}

/// One entry of a case's notes timeline.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TimelineItem {
    pub id: String,
    pub kind_label: String,
    pub at_ms: i64,
    pub author: String,
    pub body: String,
}

/// A mediation case as its editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CaseDetail {
    pub id: String,
    pub branch: String,
    pub category: CaseCategory,
    pub category_label: String,
    pub place: String,
    pub description: String,
    pub parties: Vec<String>,
    pub mediators: Vec<String>,
    pub status: CaseStatus,
    pub outcome: Option<Outcome>,
    pub agreement: Option<String>,
    pub timeline: Vec<TimelineItem>,
    pub follow_ups: Vec<TimelineItem>,
}

impl CaseDetail {
    pub(crate) fn new(id: String, c: mediation::MediationCase) -> Self {
        Self {
            id,
            branch: c.branch,
            category: c.category.into(),
            category_label: c.category.label().into(),
            place: c.place,
            description: c.description.as_str().to_string(),
            parties: c.parties,
            mediators: c.mediators,
            status: c.status.into(),
            outcome: c.outcome.map(Into::into),
            agreement: c.agreement,
            timeline: c
                .timeline
                .into_iter()
                .map(|e| TimelineItem {
                    id: e.id,
                    kind_label: e.kind.label().into(),
                    at_ms: e.at,
                    author: e.author,
                    body: e.body.as_str().to_string(),
                })
                .collect(),
            follow_ups: c
                .follow_ups
                .into_iter()
                .map(|f| TimelineItem {
                    id: f.id,
                    kind_label: "回访".into(),
                    at_ms: f.at,
                    author: f.author,
                    body: f.note,
                })
                .collect(),
        }
    }
}

/// A course of a Party school (`school` and `lecturer` are ids).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewCourse {
    pub school: String,
    pub title: String,
    pub topic: Topic,
    #[uniffi(default)]
    pub lecturer: Option<String>,
}

/// A session of a course (`course` is its id).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewSession {
    pub course: String,
    pub starts_at_ms: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    pub venue: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SessionRow {
    pub id: String,
    pub course: String,
    pub school: String,
    pub title: String,
    pub topic: Topic,
    pub topic_label: String,
    pub starts_at_ms: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    pub mode_label: String,
    pub venue: String,
    pub cancelled: bool,
    pub present: i64,
}

impl From<steppe_core::SessionRow> for SessionRow {
    fn from(r: steppe_core::SessionRow) -> Self {
        Self {
            id: r.id.to_string(),
            course: r.course.to_string(),
            school: r.school.to_string(),
            title: r.title,
            topic: r.topic.into(),
            topic_label: r.topic.label().into(),
            starts_at_ms: r.starts_at,
            minutes: r.minutes,
            mode: r.mode.into(),
            mode_label: r.mode.label().into(),
            venue: r.venue,
            cancelled: r.cancelled,
            present: r.present,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TopicHours {
    pub topic: Topic,
    pub topic_label: String,
    pub sessions: i64,
    pub hours: f64,
}

/// A member's training archive for one year (学时档案).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TrainingArchive {
    pub member: String,
    pub year: i32,
    pub sessions: i64,
    pub hours: f64,
    pub by_topic: Vec<TopicHours>,
}

impl From<steppe_core::TrainingArchive> for TrainingArchive {
    fn from(a: steppe_core::TrainingArchive) -> Self {
        Self {
            member: a.member.to_string(),
            year: a.year,
            sessions: a.sessions,
            hours: a.hours,
            by_topic: a
                .by_topic
                .into_iter()
                .map(|t| TopicHours {
                    topic: t.topic.into(),
                    topic_label: t.topic.label().into(),
                    sessions: t.sessions,
                    hours: t.hours,
                })
                .collect(),
        }
    }
}

/// What a supervisor's overview shows for one organisation of their subtree.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrgCounts {
    pub org: String,
    pub parent: Option<String>,
    pub name: String,
    pub kind_label: String,
    pub depth: i64,
    pub open_cases: i64,
    pub closed_cases: i64,
    pub sessions: i64,
    pub attendances: i64,
    pub open_requests: i64,
    pub households: i64,
}

impl From<steppe_core::OrgCounts> for OrgCounts {
    fn from(c: steppe_core::OrgCounts) -> Self {
        Self {
            org: c.org.id.to_string(),
            parent: c.org.parent.map(|p| p.to_string()),
            name: c.org.name,
            kind_label: c.org.kind.label().into(),
            depth: c.org.depth,
            open_cases: c.open_cases,
            closed_cases: c.closed_cases,
            sessions: c.sessions,
            attendances: c.attendances,
            open_requests: c.open_requests,
            households: c.households,
        }
    }
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncSummary {
    pub sent: u64,
    pub received: u64,
    /// Local changes the server refused: kept on the device, flagged.
    pub rejected: u64,
    pub conflicts: u64,
    pub round_trips: u64,
    /// Local changes still waiting for the server.
    pub pending: u64,
}

/// A role the signed-in member holds on an organisation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RoleAt {
    pub org: String,
    pub org_name: String,
    pub org_kind_label: String,
    /// The role's stable code (`mediator`, `supervisor`, …).
    pub role: String,
    pub role_label: String,
}

impl From<steppe_core::RoleRow> for RoleAt {
    fn from(r: steppe_core::RoleRow) -> Self {
        Self {
            org: r.org.to_string(),
            org_name: r.org_name,
            org_kind_label: r.org_kind.label().into(),
            role: r.role.code().into(),
            role_label: r.role.label().into(),
        }
    }
}
