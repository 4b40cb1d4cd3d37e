//! The record kinds as the apps name them: what a screen watches and how a kind is labelled.
//! The variants mirror `steppe_domain::RecordKind`; uniffi's conversion matches on every one, so
//! a kind added to the domain fails to compile here until it is listed.

use steppe_domain::RecordKind;
use steppe_domain::Vocabulary;

#[uniffi::remote(Enum)]
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
    AffairsList,
    SupervisionFinding,
    PublicNotice,
    CommunityRegistration,
    ServiceReview,
    CoBuildingContract,
    TrainingProgramme,
    Petition,
    StationService,
    ReviewMark,
    RejectedUpload,
}

/// The tables whose changes a screen showing records of `kind` must hear (pass them to
/// `ChangeListener` filtering): derived from how the kind is projected, never listed by hand.
#[uniffi::export]
pub fn tables_of_kind(kind: RecordKind) -> Vec<String> {
    steppe_core::tables_of(kind)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// What people call a record of `kind` (调解案件, 课次, …).
#[uniffi::export]
pub fn record_kind_key(kind: RecordKind) -> String {
    kind.message_id()
}

#[cfg(test)]
mod tests {
    use uniffi::{Lift, Lower};

    use super::*;

    /// Every kind crosses the FFI both ways as itself, and a screen can watch it and name it.
    #[test]
    fn every_kind_is_exposed_to_the_apps() {
        for &kind in RecordKind::ALL {
            let lowered = <RecordKind as Lower<crate::UniFfiTag>>::lower_into_rust_buffer(kind);
            let lifted =
                <RecordKind as Lift<crate::UniFfiTag>>::try_lift_from_rust_buffer(lowered).unwrap();
            assert_eq!(lifted, kind);
            assert!(!tables_of_kind(kind).is_empty(), "{kind}");
            assert!(!record_kind_key(kind).is_empty(), "{kind}");
        }
    }
}
