//! The commands that change records, as history names them: the stable code every change carries
//! as its message (so every replica's history, on phones, pages and exports, can say what was
//! done) and the words people read. Every command the store, the server and the pages run is
//! listed here once; they pass a `Command`, never a string.

labelled_enum! {
    pub enum Command {
        CaseOpen => ("case.open", "受理案件"),
        CaseAddNote => ("case.add_note", "添加调解记录"),
        CaseAddVisit => ("case.add_visit", "入户走访"),
        CaseAddParty => ("case.add_party", "添加当事人"),
        CaseSetPlace => ("case.set_place", "修改地点"),
        CaseEditDescription => ("case.edit_description", "修改案情"),
        CaseClose => ("case.close", "结案"),
        CaseReopen => ("case.reopen", "重新调解"),
        CaseFollowUp => ("case.follow_up", "回访"),
        ServiceLog => ("service.log", "登记服务"),
        RequestRaise => ("request.raise", "民事民提"),
        RequestDiscuss => ("request.discuss", "民事民议"),
        RequestDecide => ("request.decide", "民事民决"),
        RequestCarryOut => ("request.carry_out", "民事民办"),
        RequestEvaluate => ("request.evaluate", "民事民评"),
        MeetingRecord => ("meeting.record", "召开联席会议"),
        MeetingDecide => ("meeting.decide", "联席会议议定"),
        HouseholdRegister => ("household.register", "登记住户"),
        HouseholdTag => ("household.tag", "标记住户"),
        HouseholdVisit => ("household.visit", "走访住户"),
        MemberServiceLog => ("member_service.log", "登记在职党员服务"),
        LecturerRegister => ("lecturer.register", "登记讲师"),
        CourseCreate => ("course.create", "开设课程"),
        SessionSchedule => ("session.schedule", "排课"),
        SessionReschedule => ("session.reschedule", "调课"),
        SessionCancel => ("session.cancel", "取消课次"),
        SessionCheckIn => ("session.check_in", "签到"),
        SessionKind => ("session.kind", "设定教学形式"),
        ProgrammePlan => ("programme.plan", "开设专题培训班"),
        CourseProgramme => ("course.programme", "课程编入培训班"),
        PetitionReceive => ("petition.receive", "信访代办受理"),
        PetitionStep => ("petition.step", "信访代办办理"),
        PetitionVisit => ("petition.visit", "群众再次来访"),
        PetitionConclude => ("petition.conclude", "信访代办办结"),
        StationService => ("station.service", "驿站服务登记"),
        SessionMark => ("session.mark", "登记出勤"),
        OrgLifeRecord => ("org_life.record", "召开组织生活会"),
        OrgLifeItem => ("org_life.item", "记录意见或问题"),
        OrgLifeAttendee => ("org_life.attendee", "登记参会人员"),
        OrgLifeRectification => ("org_life.rectification", "添加整改事项"),
        OrgLifeComplete => ("org_life.complete", "完成整改"),
        EvaluationOpen => ("evaluation.open", "开始民主评议"),
        EvaluationSelf => ("evaluation.self", "个人自评"),
        EvaluationMutual => ("evaluation.mutual", "相互评议"),
        EvaluationVotes => ("evaluation.votes", "民主测评"),
        EvaluationRule => ("evaluation.rule", "设定评定规则"),
        EvaluationResult => ("evaluation.result", "评定等次"),
        AffairsListCreate => ("affairs_list.create", "建立清单"),
        AffairsListItem => ("affairs_list.item", "添加清单事项"),
        AffairsListComplete => ("affairs_list.complete", "完成清单事项"),
        AffairsListPublish => ("affairs_list.publish", "公开清单事项"),
        FindingRecord => ("finding.record", "记录监督发现"),
        FindingAnswer => ("finding.answer", "答复监督发现"),
        FindingConclude => ("finding.conclude", "监督发现办结"),
        NoticeDraft => ("notice.draft", "拟定公开事项"),
        NoticePublish => ("notice.publish", "发布公开事项"),
        NoticeTakeDown => ("notice.take_down", "撤下公开事项"),
        RegistrationRecord => ("registration.record", "报到登记"),
        ReviewReport => ("review.report", "收到在职党员报告"),
        ReviewAssess => ("review.assess", "考核在职党员"),
        ContractSign => ("contract.sign", "签订共建契约"),
        ContractCommit => ("contract.commit", "添加共建事项"),
        ContractFulfil => ("contract.fulfil", "完成共建事项"),
        PersonAdd => ("person.add", "登记人员"),
        PersonSetStatus => ("person.set_status", "修改党员状态"),
        PersonGrantRole => ("person.grant_role", "授予角色"),
        PersonRevokeRole => ("person.revoke_role", "撤销角色"),
        OrgCreate => ("org.create", "建立组织"),
        OrgRename => ("org.rename", "组织更名"),
        OrgMove => ("org.move", "调整隶属关系"),
        ConflictResolve => ("conflict.resolve", "裁决冲突"),
        RejectionNote => ("rejection.note", "记录被拒绝的修改"),
        RejectionCount => ("rejection.count", "再次被拒绝"),
    }
}

/// What people read for a change's message: the command's label, or the message itself when it
/// names no command this build knows (a newer phone's, or a test's).
pub fn label_of(message: &str) -> &str {
    match Command::parse(message) {
        Some(c) => c.label(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_are_unique_and_round_trip() {
        let mut codes: Vec<_> = Command::ALL.iter().map(|c| c.code()).collect();
        let mut labels: Vec<_> = Command::ALL.iter().map(|c| c.label()).collect();
        codes.sort();
        codes.dedup();
        labels.sort();
        labels.dedup();
        assert_eq!(codes.len(), Command::ALL.len());
        assert_eq!(labels.len(), Command::ALL.len());
        for &c in Command::ALL {
            assert_eq!(label_of(c.code()), c.label());
        }
        assert_eq!(label_of("forged"), "forged");
    }
}
