//! Steppe's device-side core: every record an automerge document in a local SQLite file, with
//! indexed projection tables for the screens, a record's history, conflicts to review, and the
//! change exchange the sync client builds on.
//!
//! ```
//! use steppe_core::{DeviceIdentity, NewCase, Steppe};
//! use steppe_domain::{org::OrgKind, mediation::CaseCategory, Id};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let me = DeviceIdentity { user_id: Id::new().to_string(), user_name: "巴特尔".into(),
//!                           device_id: "phone-1".into(), device_name: "Bater's phone".into() };
//! let store = Steppe::builder(dir.path().join("steppe.db"), me).open().unwrap();
//! let league = store.create_org("阿拉善盟", OrgKind::League, None).unwrap();
//! let banner = store.create_org("额济纳旗", OrgKind::Banner, Some(league)).unwrap();
//! let town = store.create_org("哈日布日格德音乌拉镇", OrgKind::Town, Some(banner)).unwrap();
//! let branch = store.create_org("警地党支部", OrgKind::PoliceVillageBranch, Some(town)).unwrap();
//! let case = store.open_case(NewCase {
//!     branch, category: CaseCategory::Neighbours, place: "前进村".into(),
//!     description: "菜园面积争议".into(), parties: vec!["甲".into(), "乙".into()], mediators: vec![],
//! }).unwrap();
//! store.add_case_note(case, "双方同意重新划分").unwrap();
//! assert_eq!(store.cases(branch, None, 50, 0).unwrap()[0].entries, 1);
//! assert_eq!(store.history(case).unwrap().len(), 2);
//! ```

mod builder;
mod db;
mod docstore;
mod encryption;
mod error;
mod history;
mod identity;
mod lineage;
mod observe;
mod offline;
mod peer;
mod projection;
mod purge;
mod replication;
mod review;
mod scope;
mod steppe;
mod sync;
mod sync_session;
mod wire;
pub mod workflows;

pub use builder::StoreBuilder;
pub use db::{SCHEMA_VERSION, migrations};
pub use encryption::{KEY_LEN, StoreKey};
pub use error::{CoreError, Result};
pub use history::HistoryEntry;
pub use identity::{ActorInfo, DeviceIdentity};
pub use observe::ChangeCallback;
pub use offline::WrittenBundle;
pub use peer::{Carried, Forwarding, PeerReport, PeerRole};
pub use replication::{ApplyReport, ChangeEnvelope};
pub use review::{Candidate, ConflictView, RefusedUpload, RuleIssue};
pub use steppe::{Clock, Steppe, system_clock};
pub use sync::{RejectedChange, SyncReport};
pub use sync_session::{ExchangeRequest, SyncPosition, SyncSession, SyncStep};
pub use wire::{
    ACCEPT_ENCODING, Enrollment, Outgoing, SyncError, enroll_request, enroll_response, status_error,
};
pub use workflows::{
    dual_registration::{DualFigures, NewRegistration},
    due::{DueItem, DueKind},
    grid::{HouseholdRow, NewHousehold, NewMemberService},
    mediation::{CaseFilter, CaseRow, NewCase, NewServiceEntry, ServiceCount},
    org_life::{EvaluationRow, NewOrgLifeMeeting, OrgLifeRow},
    orgs::OrgRow,
    overview::OrgCounts,
    people::{LecturerRow, NewLecturer, NewPerson, PersonRow, RoleRow},
    petitions::{PetitionFigures, PetitionRow},
    programmes::{NewProgramme, ProgrammeRow},
    report::{Figures, ReportRow},
    requests::{NewJointMeeting, NewRequest, RequestRow, Verdict},
    reviews::ReviewRow,
    stations::StationRow,
    subtree::{CaseTally, MemberHours, MonthTally, SchoolRate, StepTally, SubtreeStats, TagTally},
    training::{
        ArchiveEntry, CourseRow, NewCourse, NewSession, RollEntry, SessionRow, TopicHours,
        TrainingArchive,
    },
    village_affairs::{
        AffairsItemRow, BoardNotice, FindingRow, FindingTally, NewFinding, NewNotice, PublicBoard,
    },
};

/// Projection tables, in a fixed order, for tests comparing replicas.
pub fn projection_tables() -> Vec<&'static str> {
    projection::tables()
}

/// The tables a screen showing records of `kind` listens to (see [`Steppe::subscribe`]).
pub fn tables_of(kind: steppe_domain::RecordKind) -> Vec<&'static str> {
    projection::tables_of(kind)
}
