//! The one list of record kinds. Each kind is declared here once — its stable code, its Rust
//! type, the write actions a change to it can need, and whether the
//! organisations above a user publish it down to them — and everything that must know every kind
//! is generated from this list or dispatched through [`crate::with_record_type!`]: the
//! [`RecordKind`] enum and its `ALL`, the document dispatch in `doc.rs`, the write checks, and in
//! the store the projections, the purge and the tables screens watch (ADR 0008).
//!
//! `RecordKind` is exhaustive, so a `match` on it inside the workspace names every kind: adding
//! one here fails to compile wherever it is not yet handled, and every generic consumer of
//! `with_record_type!` fails to compile until the new type implements the traits it asks for
//! (the store's `Projected`, say), rather than skipping the kind silently.

use crate::authz::Action;

/// Declares every record kind. The leading `$` is passed in so the macro can define the
/// dispatching macro below with its own `$` variables.
macro_rules! record_kinds {
    ($d:tt $(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $module:ident :: $ty:ident,
        needs [$($action:ident),+], $published:literal;
    )+) => {
        /// Every kind of record Steppe keeps. Each record is its own automerge document.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RecordKind {
            $($(#[$doc])* $variant),+
        }

        impl RecordKind {
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$variant),+];

            /// The stable code stored in document envelopes, SQL and on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(RecordKind::$variant => $code),+ }
            }

            /// Every action a change to a record of this kind can need, whatever the change does.
            /// A user allowed none of them on the record's organisation cannot write it at all,
            /// and the server refuses their changes before loading the document. Every kind but
            /// a session has one; what a session's change needs depends on what it does.
            pub fn possible_actions(self) -> &'static [Action] {
                match self { $(RecordKind::$variant => &[$(Action::$action),+]),+ }
            }

            /// Whether an organisation publishes records of this kind down its tree: a banner
            /// Party school's courses are visible to a village member below it.
            pub fn published_downwards(self) -> bool {
                match self { $(RecordKind::$variant => $published),+ }
            }
        }

        $(
            impl crate::record::HasKind for crate::$module::$ty {
                const KIND: RecordKind = RecordKind::$variant;
            }
        )+

        /// Calls `f::<T>(args…)` with `T` the Rust type of the record kind `kind`: the one
        /// dispatch from a kind known at run time to its type. Generic callers put their
        /// per-kind needs in trait bounds on `T`, so a kind whose type lacks them fails to
        /// compile.
        ///
        /// ```
        /// use steppe_domain::{Record, RecordKind, with_record_type};
        /// fn code<R: Record>() -> &'static str { R::KIND.as_str() }
        /// assert_eq!(with_record_type!(RecordKind::Household, code()), "household");
        /// ```
        #[macro_export]
        macro_rules! with_record_type {
            ($d kind:expr, $d f:ident ( $d ($d arg:expr),* $d (,)? )) => {
                match $d kind {
                    $($crate::RecordKind::$variant => $d f::<$crate::$module::$ty>($d ($d arg),*),)+
                }
            };
        }
    };
}

record_kinds! { $
    /// A unit of the tree: league, banner, sumu, gacha, branch, school, community, grid….
    Organisation = "organisation", org::Organisation,
        needs [ManageOrganisations], true;
    /// A member or worker, with their roles.
    Person = "person", person::Person, needs [ManagePeople], false;
    Lecturer = "lecturer", lecturer::Lecturer, needs [ManageCourses], true;
    Course = "course", course::Course, needs [ManageCourses], true;
    /// One class of a course; members check themselves in, lecturers mark attendance.
    Session = "session", course::Session,
        needs [CheckInSelf, MarkAttendance, ManageCourses], true;
    MediationCase = "mediation_case", mediation::MediationCase,
        needs [WriteCase], false;
    /// Legal advice, difficulties solved, publicity: what a police–village branch logs.
    ServiceLog = "service_log", service_log::ServiceLog, needs [WriteCase], false;
    /// A residents' request through 民事民提 → 民事民议 → 民事民决 → 民事民办 → 民事民评.
    ResidentRequest = "resident_request", request::ResidentRequest,
        needs [WriteRequest], false;
    JointMeeting = "joint_meeting", joint_meeting::JointMeeting,
        needs [WriteRequest], false;
    Household = "household", household::Household, needs [WriteHousehold], false;
    /// An in-service member's service in the community they reported to (双报到).
    MemberService = "member_service", member_service::MemberService,
        needs [LogMemberService], false;
    OrgLifeMeeting = "org_life_meeting", org_life::OrgLifeMeeting,
        needs [WriteOrgLife], false;
    /// One evaluation per member and year; its id is derived from both.
    DemocraticEvaluation = "democratic_evaluation", evaluation::DemocraticEvaluation,
        needs [WriteEvaluation, TakePartInEvaluation], false;
    /// 三单: a village's Party-building work, powers-and-services or supervisory-duties list.
    AffairsList = "affairs_list", affairs_list::AffairsList, needs [WriteAffairs], false;
    /// 三员: a supervisor's finding, the branch's answer and the supervisor's conclusion.
    SupervisionFinding = "supervision_finding", finding::SupervisionFinding,
        needs [RecordFinding, WriteAffairs], false;
    /// 一平台: what the village publishes on its public disclosure board.
    PublicNotice = "public_notice", notice::PublicNotice, needs [WriteAffairs], false;
    /// 双报到: a work unit or in-service member registered with a community.
    CommunityRegistration = "community_registration", registration::CommunityRegistration, needs [LogMemberService], false;
    /// 双报告、双考核: a member's report to, and assessment by, their unit or their community.
    ServiceReview = "service_review", service_review::ServiceReview,
        needs [LogMemberService, WriteEvaluation], false;
    /// 共建契约: a registered unit's yearly contract with its community.
    CoBuildingContract = "co_building_contract", contract::CoBuildingContract,
        needs [WriteAffairs], false;
    /// A themed training programme of a Party school, grouping courses.
    TrainingProgramme = "training_programme", programme::TrainingProgramme,
        needs [ManageCourses], true;
    /// 信访代办: a petition taken on a resident's behalf and followed to its conclusion.
    Petition = "petition", petition::Petition, needs [WriteRequest], false;
    /// A service a red station (红色驿站) gave.
    StationService = "station_service", station_service::StationService,
        needs [LogStationService], false;
    /// 督导已阅: a supervisor's or secretary's mark that they reviewed a record below them.
    ReviewMark = "review_mark", review_mark::ReviewMark, needs [Review], false;
    /// A change the server refused from a member's phone, for the member's supervisors.
    RejectedUpload = "rejected_upload", rejection::RejectedUpload,
        needs [RecordRejection], false;
}

impl RecordKind {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

impl crate::labels::Vocabulary for RecordKind {
    const FAMILY: &'static str = "RecordKind";
    fn entries() -> &'static [Self] {
        Self::ALL
    }
    fn vocabulary_code(self) -> &'static str {
        self.as_str()
    }
    fn from_stored_name(_: &str) -> Option<Self> {
        // Documents store a kind by its code, never by its Rust name.
        None
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn kind_of<R: Record>() -> RecordKind {
        R::KIND
    }

    #[test]
    fn every_kind_dispatches_to_its_own_type_and_round_trips_its_code() {
        for &kind in RecordKind::ALL {
            assert_eq!(with_record_type!(kind, kind_of()), kind);
            assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
            assert!(!kind.possible_actions().is_empty(), "{kind}");
        }
        let mut codes: Vec<_> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RecordKind::ALL.len(), "codes are unique");
    }
}
