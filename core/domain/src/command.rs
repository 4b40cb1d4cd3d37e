//! The commands that change records, as history names them: the stable code every change carries
//! as its message (so every replica's history, on phones, pages and exports, can say what was
//! done) and the words people read. Every command the store, the server and the pages run is
//! listed here once; they pass a `Command`, never a string.

labelled_enum! {
    pub enum Command {
        CaseOpen => "case.open",
        CaseAddNote => "case.add_note",
        CaseAddVisit => "case.add_visit",
        CaseAddParty => "case.add_party",
        CaseSetPlace => "case.set_place",
        CaseEditDescription => "case.edit_description",
        CaseClose => "case.close",
        CaseReopen => "case.reopen",
        CaseFollowUp => "case.follow_up",
        ServiceLog => "service.log",
        RequestRaise => "request.raise",
        RequestDiscuss => "request.discuss",
        RequestDecide => "request.decide",
        RequestCarryOut => "request.carry_out",
        RequestEvaluate => "request.evaluate",
        MeetingRecord => "meeting.record",
        MeetingDecide => "meeting.decide",
        HouseholdRegister => "household.register",
        HouseholdTag => "household.tag",
        HouseholdVisit => "household.visit",
        MemberServiceLog => "member_service.log",
        LecturerRegister => "lecturer.register",
        CourseCreate => "course.create",
        SessionSchedule => "session.schedule",
        SessionReschedule => "session.reschedule",
        SessionCancel => "session.cancel",
        SessionCheckIn => "session.check_in",
        SessionKind => "session.kind",
        ProgrammePlan => "programme.plan",
        CourseProgramme => "course.programme",
        PetitionReceive => "petition.receive",
        PetitionStep => "petition.step",
        PetitionVisit => "petition.visit",
        PetitionConclude => "petition.conclude",
        StationService => "station.service",
        SessionMark => "session.mark",
        OrgLifeRecord => "org_life.record",
        OrgLifeItem => "org_life.item",
        OrgLifeAttendee => "org_life.attendee",
        OrgLifeRectification => "org_life.rectification",
        OrgLifeComplete => "org_life.complete",
        EvaluationOpen => "evaluation.open",
        EvaluationSelf => "evaluation.self",
        EvaluationMutual => "evaluation.mutual",
        EvaluationVotes => "evaluation.votes",
        EvaluationRule => "evaluation.rule",
        EvaluationResult => "evaluation.result",
        AffairsListCreate => "affairs_list.create",
        AffairsListItem => "affairs_list.item",
        AffairsListComplete => "affairs_list.complete",
        AffairsListPublish => "affairs_list.publish",
        FindingRecord => "finding.record",
        FindingAnswer => "finding.answer",
        FindingConclude => "finding.conclude",
        NoticeDraft => "notice.draft",
        NoticePublish => "notice.publish",
        NoticeTakeDown => "notice.take_down",
        RegistrationRecord => "registration.record",
        ReviewReport => "review.report",
        ReviewAssess => "review.assess",
        ContractSign => "contract.sign",
        ContractCommit => "contract.commit",
        ContractFulfil => "contract.fulfil",
        PersonAdd => "person.add",
        PersonSetStatus => "person.set_status",
        PersonGrantRole => "person.grant_role",
        PersonRevokeRole => "person.revoke_role",
        PersonNameMongolian => "person.name_mn",
        OrgCreate => "org.create",
        OrgRename => "org.rename",
        OrgMove => "org.move",
        OrgNameMongolian => "org.name_mn",
        ReviewMark => "review.mark",
        ConflictResolve => "conflict.resolve",
        RejectionNote => "rejection.note",
        RejectionCount => "rejection.count",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut codes: Vec<_> = Command::ALL.iter().map(|c| c.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Command::ALL.len());
        for &c in Command::ALL {
            assert_eq!(Command::parse(c.code()), Some(c));
        }
    }
}
