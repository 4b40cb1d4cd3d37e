//! Every workflow through the store: commands, the rules they enforce as typed errors, and the
//! projections the screens list from.

use steppe_core::{
    CoreError, NewCase, NewCourse, NewHousehold, NewJointMeeting, NewLecturer, NewMemberService,
    NewOrgLifeMeeting, NewPerson, NewRequest, NewServiceEntry, NewSession,
};
use steppe_domain::authz::Role;
use steppe_domain::course::{Attendance, SessionMode, Topic};
use steppe_domain::evaluation::Grade;
use steppe_domain::household::{HouseholdTag, VisitMode};
use steppe_domain::joint_meeting::JointParty;
use steppe_domain::mediation::{CaseCategory, CaseStatus, Outcome};
use steppe_domain::org::OrgKind;
use steppe_domain::org_life::{ItemKind, MeetingKind};
use steppe_domain::person::MemberStatus;
use steppe_domain::request::RequestStep;
use steppe_domain::service_log::ServiceKind;
use steppe_domain::{DomainError, Id, clock};

use crate::support::*;

/// Every change the store made so far, replayed document by document: none may replace or
/// delete a part of a record, which the server refuses from a modified app (ADR 0007).
fn honest_writes_replace_nothing(store: &steppe_core::Steppe) {
    let req = store.sync_request(u32::MAX).expect("outbox");
    let mut docs: std::collections::HashMap<Option<[u8; 16]>, automerge::AutoCommit> =
        std::collections::HashMap::new();
    let mut checked = 0;
    for group in &req.upload {
        let doc = docs.entry(group.doc).or_default();
        for compact in &group.changes {
            let change = automerge::Change::from_bytes(steppe_protocol::chunk::expand(compact))
                .expect("change");
            if !doc.get_heads().is_empty() {
                let id = steppe_domain::doc::RecordDoc::envelope_id(doc).expect("id");
                let before =
                    steppe_domain::doc::RecordDoc::from_automerge(id, doc.fork()).expect("record");
                assert_eq!(
                    steppe_domain::admission::replaces_a_part(
                        &change.decode().operations,
                        Some(&before)
                    ),
                    None,
                    "{}",
                    change.message().unwrap_or_default()
                );
                checked += 1;
            }
            doc.apply_changes([change]).expect("apply");
        }
    }
    assert!(checked > 0, "some edits were checked");
}

fn device() -> (tempfile::TempDir, Device, Tree) {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "巴特尔");
    let t = tree(&d.store);
    (dir, d, t)
}

#[test]
fn org_tree_lists_subtree_and_refuses_bad_moves() {
    let (_dir, d, t) = device();
    let sub = d.store.org_subtree(t.town).unwrap();
    assert_eq!(
        sub.len(),
        6,
        "sumu, gacha, police branch, school, community, grid"
    );
    assert_eq!(sub[0].id, t.town);
    let err = d.store.move_org(t.town, t.gacha).unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Domain(DomainError::InvalidInput {
                field: "parent",
                ..
            })
        ),
        "{err:?}"
    );
    let err = d
        .store
        .create_org("x", OrgKind::Gacha, Some(Id::new()))
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::NotFound { .. })
    ));
    let banner2 = d
        .store
        .create_org("额济纳旗", OrgKind::Banner, Some(t.league))
        .unwrap();
    d.store.move_org(t.town, banner2).unwrap();
    assert!(
        d.store
            .org_subtree(banner2)
            .unwrap()
            .iter()
            .any(|o| o.id == t.gacha)
    );
    assert!(
        !d.store
            .org_subtree(t.banner)
            .unwrap()
            .iter()
            .any(|o| o.id == t.gacha)
    );
    honest_writes_replace_nothing(&d.store);
}

#[test]
fn mediation_case_lifecycle() {
    let (_dir, d, t) = device();
    let case = d
        .store
        .open_case(NewCase {
            branch: t.police_branch,
            category: CaseCategory::PastureBoundary,
            place: "草场".into(),
            description: "围栏争议".into(),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec!["民警".into()],
        })
        .unwrap();
    d.advance(60_000);
    d.store.add_case_note(case, "双方陈述").unwrap();
    d.store.add_case_visit(case, "入户走访").unwrap();
    d.store
        .edit_case_description(case, "围栏向东移了二十米")
        .unwrap();
    let err = d
        .store
        .close_case(case, Outcome::Agreement, None)
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidInput {
            field: "agreement",
            ..
        })
    ));
    let err = d.store.add_follow_up(case, "too early").unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidTransition { .. })
    ));
    d.store
        .close_case(case, Outcome::Agreement, Some("围栏恢复原位"))
        .unwrap();
    d.store.add_follow_up(case, "回访：无新争议").unwrap();
    let open = d
        .store
        .cases(t.police_branch, Some(CaseStatus::Open), 50, 0)
        .unwrap();
    assert!(open.is_empty());
    let closed = d
        .store
        .cases(t.police_branch, Some(CaseStatus::Closed), 50, 0)
        .unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].outcome, Some(Outcome::Agreement));
    assert_eq!(closed[0].entries, 2);
    let json = d.store.record_json(case).unwrap();
    assert_eq!(json["record"]["description"], "围栏向东移了二十米");
    let history = d.store.history(case).unwrap();
    assert_eq!(history.len(), 6);
    assert!(
        history
            .iter()
            .all(|h| h.user_name.as_deref() == Some("巴特尔") && h.local)
    );
    assert_eq!(history[1].message, "case.add_note");
    assert!(
        history[1]
            .fields
            .iter()
            .any(|f| f.starts_with("record.timeline")),
        "{:?}",
        history[1].fields
    );
    let close = history.iter().find(|h| h.message == "case.close").unwrap();
    assert!(
        close.fields.contains(&"record.status".to_string()),
        "{:?}",
        close.fields
    );
    honest_writes_replace_nothing(&d.store);
}

#[test]
fn service_log_counts() {
    let (_dir, d, t) = device();
    d.store
        .log_service(NewServiceEntry {
            branch: t.police_branch,
            kind: ServiceKind::LegalAdvice,
            people_served: 3,
            summary: "土地承包咨询".into(),
            case: None,
        })
        .unwrap();
    d.store
        .log_service(NewServiceEntry {
            branch: t.police_branch,
            kind: ServiceKind::LegalAdvice,
            people_served: 2,
            summary: "继承咨询".into(),
            case: None,
        })
        .unwrap();
    d.store
        .log_service(NewServiceEntry {
            branch: t.police_branch,
            kind: ServiceKind::AntiFraud,
            people_served: 40,
            summary: "反诈宣传".into(),
            case: None,
        })
        .unwrap();
    let err = d
        .store
        .log_service(NewServiceEntry {
            branch: t.police_branch,
            kind: ServiceKind::AntiFraud,
            people_served: -1,
            summary: "x".into(),
            case: None,
        })
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidInput {
            field: "people_served",
            ..
        })
    ));
    let counts = d
        .store
        .service_counts(t.police_branch, t0() - 1, t0() + 1)
        .unwrap();
    assert_eq!(counts.len(), 2);
    let legal = counts
        .iter()
        .find(|c| c.kind == ServiceKind::LegalAdvice)
        .unwrap();
    assert_eq!((legal.entries, legal.people), (2, 5));
}

#[test]
fn party_school_schedule_check_in_and_archive() {
    let (_dir, d, t) = device();
    enrol_self(&d, t.gacha, &[(t.gacha, Role::Member)]);
    let course = d
        .store
        .create_course(NewCourse {
            school: t.school,
            title: "骆驼养殖技术".into(),
            topic: Topic::PracticalSkills,
            lecturer: None,
        })
        .unwrap();
    let err = d
        .store
        .create_course(NewCourse {
            school: t.gacha,
            title: "x".into(),
            topic: Topic::PartyTheory,
            lecturer: None,
        })
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidInput {
            field: "school",
            ..
        })
    ));
    let week = clock::week_start(t0());
    let s1 = d
        .store
        .schedule_session(NewSession {
            course,
            starts_at: t0() + 3_600_000,
            minutes: 90,
            mode: SessionMode::OnSite,
            venue: "牧户棚圈".into(),
        })
        .unwrap();
    let s2 = d
        .store
        .schedule_session(NewSession {
            course,
            starts_at: t0() + 2 * 86_400_000,
            minutes: 120,
            mode: SessionMode::Online,
            venue: "驼乡e站".into(),
        })
        .unwrap();
    let _next_week = d
        .store
        .schedule_session(NewSession {
            course,
            starts_at: t0() + 8 * 86_400_000,
            minutes: 60,
            mode: SessionMode::OnSite,
            venue: "党校".into(),
        })
        .unwrap();
    let this_week = d
        .store
        .schedule_for(d.user, week, week + 7 * 86_400_000)
        .unwrap();
    assert_eq!(
        this_week.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![s1, s2]
    );

    // A check-in to a session that does not exist.
    let err = d
        .store
        .check_in(Id::new(), SessionMode::OnSite, None)
        .unwrap_err();
    assert!(
        matches!(err, CoreError::Domain(DomainError::NotFound { .. })),
        "{err:?}"
    );
    // Too early for the session in two days.
    let err = d.store.check_in(s2, SessionMode::Online, None).unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidTransition { .. })
    ));
    d.advance(3_600_000);
    d.store.check_in(s1, SessionMode::OnSite, None).unwrap();
    d.set_time(t0() + 2 * 86_400_000);
    d.store.check_in(s2, SessionMode::Online, None).unwrap();
    // A member may not mark others.
    let err = d
        .store
        .mark_attendance(s2, Id::new(), Attendance::Present)
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::NotAllowed { .. })
    ));
    let archive = d.store.training_archive(d.user, 2026).unwrap();
    assert_eq!(archive.sessions, 2);
    assert_eq!(archive.hours, 3.5);
    assert_eq!(archive.by_topic[0].topic, Topic::PracticalSkills);
    assert_eq!(
        d.store
            .sessions_of_school(t.school, week, week + 7 * 86_400_000)
            .unwrap()[0]
            .present,
        1
    );
    honest_writes_replace_nothing(&d.store);
}

/// A course on the current situation and policy at `school`.
fn policy_course(d: &Device, school: Id) -> Id {
    d.store
        .create_course(NewCourse {
            school,
            title: "形势政策".into(),
            topic: Topic::SituationPolicy,
            lecturer: None,
        })
        .unwrap()
}

#[test]
fn secretary_marks_attendance_for_others() {
    let (_dir, d, t) = device();
    enrol_self(&d, t.gacha, &[(t.town, Role::Secretary)]);
    let member = d
        .store
        .add_person(NewPerson {
            id: None,
            name: "蒲玉梅".into(),
            org: t.gacha,
            status: MemberStatus::Full,
            phone: None,
        })
        .unwrap();
    let course = policy_course(&d, t.school);
    let s = d
        .store
        .schedule_session(NewSession {
            course,
            starts_at: t0(),
            minutes: 60,
            mode: SessionMode::OnSite,
            venue: "党校".into(),
        })
        .unwrap();
    d.store
        .mark_attendance(s, member, Attendance::Present)
        .unwrap();
    assert_eq!(d.store.training_archive(member, 2026).unwrap().hours, 1.0);
    d.store
        .mark_attendance(s, member, Attendance::Excused)
        .unwrap();
    assert_eq!(d.store.training_archive(member, 2026).unwrap().sessions, 0);
    let err = d.store.cancel_session(s);
    assert!(
        err.is_ok(),
        "nobody attended, so the session can be cancelled"
    );
    let err = d
        .store
        .mark_attendance(s, member, Attendance::Present)
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidTransition { .. })
    ));
    honest_writes_replace_nothing(&d.store);
}

/// The supervisor's counts of check-ins (by month, per school, per organisation) are read from
/// each session's count of its roll, not from the check-ins themselves: they must agree, within
/// the period asked for, with months that held sessions but had no check-in shown too.
#[test]
fn supervisors_check_in_counts_agree_with_the_rolls() {
    let (_dir, d, t) = device();
    enrol_self(&d, t.gacha, &[(t.town, Role::Secretary)]);
    let members: Vec<Id> = (0..3)
        .map(|i| {
            d.store
                .add_person(NewPerson {
                    id: None,
                    name: format!("学员{i}"),
                    org: t.gacha,
                    status: MemberStatus::Full,
                    phone: None,
                })
                .unwrap()
        })
        .collect();
    let course = policy_course(&d, t.school);
    // October (before the period asked for), two in November, one in December and one in
    // January (China Standard Time).
    let day = 86_400_000;
    let sessions: Vec<Id> = [-40 * day, 0, 2 * day, 10 * day, 40 * day]
        .iter()
        .map(|offset| {
            d.store
                .schedule_session(NewSession {
                    course,
                    starts_at: t0() + offset,
                    minutes: 60,
                    mode: SessionMode::OnSite,
                    venue: "党校".into(),
                })
                .unwrap()
        })
        .collect();
    let now = t0() + 41 * day;
    d.time.store(now, std::sync::atomic::Ordering::SeqCst);
    use Attendance::{Absent, Excused, Present};
    let rolls = [
        [Present, Present, Present],
        [Present, Present, Absent],
        [Present, Excused, Absent],
        [Absent, Present, Present],
        [Absent, Absent, Excused],
    ];
    for (session, roll) in sessions.iter().zip(&rolls) {
        for (member, mark) in members.iter().zip(roll) {
            d.store.mark_attendance(*session, *member, *mark).unwrap();
        }
    }
    // One member's check-in taken back: counted nowhere.
    d.store
        .mark_attendance(sessions[1], members[1], Attendance::Excused)
        .unwrap();

    let since = t0() - day;
    let stats = d.store.subtree_stats(t.town, since, now).unwrap();
    let by_month: Vec<(String, i64, i64)> = stats
        .attendance_by_month
        .iter()
        .map(|m| (m.month.clone(), m.first, m.second))
        .collect();
    assert_eq!(
        by_month,
        vec![
            ("2026-11".to_string(), 2, 2),
            ("2026-12".to_string(), 2, 1),
            ("2027-01".to_string(), 0, 1),
        ],
        "check-ins and sessions held, by month, from the period's start"
    );
    let school = stats.schools.iter().find(|s| s.school == t.school).unwrap();
    assert_eq!((school.sessions, school.present), (4, 4));
    // The overview counts every check-in ever made, October's too.
    let overview = d.store.org_overview(t.town).unwrap();
    let row = |org: Id| overview.iter().find(|r| r.org.id == org).unwrap();
    assert_eq!(row(t.school).attendances, 7);
    assert_eq!(
        row(t.town).attendances,
        7,
        "the town's row includes its school"
    );
}

#[test]
fn residents_request_five_steps_and_reopen() {
    let (_dir, d, t) = device();
    let r = d
        .store
        .raise_request(NewRequest {
            community: t.community,
            title: "暖气不热".into(),
            description: "3号楼暖气不热".into(),
            raised_by: "张大爷".into(),
        })
        .unwrap();
    let verdict = |satisfied: bool, comment: &str| steppe_core::Verdict {
        satisfied,
        comment: comment.into(),
        residents: vec!["张大爷".into(), "李阿姨".into()],
    };
    let err = d.store.evaluate_request(r, verdict(true, "")).unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Domain(DomainError::InvalidTransition {
                action: steppe_domain::reason::Step::Evaluate,
                ..
            })
        ),
        "{err:?}"
    );
    let meeting = d
        .store
        .record_joint_meeting(NewJointMeeting {
            community: t.community,
            held_at: t0(),
            parties: vec![
                (JointParty::CommunityCommittee, Some("社区书记".into())),
                (JointParty::PropertyCompany, Some("物业经理".into())),
                (JointParty::OwnersCommittee, None),
            ],
            participants: vec!["居民代表".into()],
            topics: vec!["暖气".into()],
        })
        .unwrap();
    d.store
        .add_meeting_decision(meeting, "物业排查管道", Some(r))
        .unwrap();
    d.store.discuss_request(r, "三方协商议事会").unwrap();
    d.store
        .decide_request(r, "物业排查管道", Some(meeting))
        .unwrap();
    d.store.carry_out_request(r, "已更换阀门").unwrap();
    let err = d
        .store
        .evaluate_request(r, verdict(false, "还是不热"))
        .unwrap_err();
    assert!(
        matches!(err, CoreError::Domain(DomainError::NotAllowed { .. })),
        "whoever did the work does not record the residents' verdict: {err:?}"
    );
    // A second worker collects it from the residents.
    let other_dir = tempfile::tempdir().expect("tempdir");
    let other = Device::open(&other_dir.path().join("o.db"), Id::new(), "其其格");
    hand_over(&d, &other);
    other
        .store
        .evaluate_request(r, verdict(false, "还是不热"))
        .unwrap();
    hand_over(&other, &d);
    assert_eq!(
        d.store
            .requests(t.community, Some(RequestStep::Reopened), 50, 0)
            .unwrap()
            .len(),
        1
    );
    d.store.discuss_request(r, "再议").unwrap();
    d.store.decide_request(r, "加装循环泵", None).unwrap();
    d.store.carry_out_request(r, "已加装").unwrap();
    hand_over(&d, &other);
    other
        .store
        .evaluate_request(r, verdict(true, "满意"))
        .unwrap();
    hand_over(&other, &d);
    let req: steppe_domain::request::ResidentRequest = d.store.get(r).unwrap();
    let rounds = req.by_round();
    assert_eq!(rounds.len(), 2, "the first round stays visible");
    assert_eq!(rounds[0].decision(), Some("物业排查管道"));
    assert!(!rounds[0].evaluation.unwrap().satisfied);
    assert_eq!(rounds[1].decision(), Some("加装循环泵"));
    let rows = d.store.requests(t.community, None, 50, 0).unwrap();
    assert_eq!(
        (rows[0].step, rows[0].satisfied, rows[0].rounds),
        (RequestStep::Evaluated, Some(true), 2)
    );
    assert_eq!(
        d.store.request_steps(t.community).unwrap(),
        vec![(RequestStep::Evaluated, 1)]
    );
    honest_writes_replace_nothing(&d.store);
}

#[test]
fn households_tags_and_visits() {
    let (_dir, d, t) = device();
    let h1 = d
        .store
        .register_household(NewHousehold {
            grid: t.grid,
            address: "1-1-101".into(),
            head: "马秀英".into(),
            size: 1,
            tags: vec![],
        })
        .unwrap();
    let h2 = d
        .store
        .register_household(NewHousehold {
            grid: t.grid,
            address: "1-2-201".into(),
            head: "王".into(),
            size: 4,
            tags: vec![],
        })
        .unwrap();
    d.store
        .tag_household(h1, HouseholdTag::LivingAlone, true)
        .unwrap();
    d.store
        .tag_household(h1, HouseholdTag::Elderly, true)
        .unwrap();
    d.store
        .tag_household(h2, HouseholdTag::Student, true)
        .unwrap();
    d.store
        .log_visit(h1, VisitMode::WeChat, "马桶堵塞", true)
        .unwrap();
    let waiting = d.store.due_items(t.grid, t0(), 10).unwrap();
    assert_eq!(
        waiting
            .iter()
            .map(|w| (w.kind, w.text.as_str(), w.record))
            .collect::<Vec<_>>(),
        vec![(steppe_core::DueKind::FollowUp, "马桶堵塞", h1)],
        "a visit asking for a follow-up waits"
    );
    d.store
        .log_visit(h1, VisitMode::Door, "已修好", false)
        .unwrap();
    assert!(
        d.store.due_items(t.grid, t0(), 10).unwrap().is_empty(),
        "the next visit answers it"
    );
    let alone = d
        .store
        .households(t.grid, Some(HouseholdTag::LivingAlone), 50, 0)
        .unwrap();
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0].visits, 2);
    assert_eq!(d.store.households(t.grid, None, 50, 0).unwrap().len(), 2);
    d.store
        .tag_household(h1, HouseholdTag::LivingAlone, false)
        .unwrap();
    assert!(
        d.store
            .households(t.grid, Some(HouseholdTag::LivingAlone), 50, 0)
            .unwrap()
            .is_empty()
    );
    let err = d
        .store
        .log_visit(h2, VisitMode::Phone, "", false)
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidInput { field: "note", .. })
    ));
    honest_writes_replace_nothing(&d.store);
}

#[test]
fn member_service_and_org_life_and_evaluation() {
    let (_dir, d, t) = device();
    let m = d
        .store
        .add_person(NewPerson {
            id: None,
            name: "在职党员".into(),
            org: t.gacha,
            status: MemberStatus::Full,
            phone: Some("13800000000".into()),
        })
        .unwrap();
    d.store
        .log_member_service(NewMemberService {
            member: m,
            community: t.community,
            minutes: 120,
            people_served: 15,
            description: "义诊".into(),
        })
        .unwrap();
    d.store
        .log_member_service(NewMemberService {
            member: m,
            community: t.community,
            minutes: 60,
            people_served: 5,
            description: "理发".into(),
        })
        .unwrap();
    assert_eq!(
        d.store
            .member_service_totals(m, t0() - 1, t0() + 1)
            .unwrap(),
        (2, 180, 20)
    );

    let meeting = d
        .store
        .record_org_life_meeting(NewOrgLifeMeeting {
            branch: t.gacha,
            kind: MeetingKind::OrganisationalLife,
            held_at: t0(),
        })
        .unwrap();
    d.store
        .add_org_life_item(meeting, ItemKind::Opinion, "学习形式单一")
        .unwrap();
    let item = d
        .store
        .add_rectification(meeting, "开设每周一学", "支部书记", None)
        .unwrap();
    let due = d.store.due_items(t.gacha, t0(), 10).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].text.as_str(), due[0].overdue),
        ("开设每周一学", false)
    );
    assert_eq!(d.store.org_life_meetings(t.gacha).unwrap()[0].open_items, 1);
    d.store.complete_rectification(meeting, &item).unwrap();
    let row = &d.store.org_life_meetings(t.gacha).unwrap()[0];
    assert_eq!((row.open_items, row.done_items), (0, 1));
    assert!(
        d.store.due_items(t.gacha, t0(), 10).unwrap().is_empty(),
        "done, no longer due"
    );
    assert!(d.store.complete_rectification(meeting, &item).is_err());

    let e = d.store.open_evaluation(t.gacha, m, 2026).unwrap();
    let err = d.store.record_evaluation_result(e).unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidTransition { .. })
    ));
    let err = d.store.assess_self(e, "代写自评").unwrap_err();
    assert!(
        matches!(err, CoreError::Domain(DomainError::NotAllowed { .. })),
        "only the member writes their self-assessment: {err:?}"
    );
    assert!(
        matches!(
            d.store.open_evaluation(t.gacha, m, 2026).unwrap_err(),
            CoreError::Domain(DomainError::InvalidTransition { .. })
        ),
        "one evaluation per member and year"
    );
    let member_dir = tempfile::tempdir().expect("tempdir");
    let member = Device::open(&member_dir.path().join("m.db"), m, "在职党员");
    hand_over(&d, &member);
    member.store.assess_self(e, "自评").unwrap();
    assert!(
        member.store.assess_mutually(e, "自己评自己").is_err(),
        "the member's own view is the self-assessment"
    );
    hand_over(&member, &d);
    d.store.assess_mutually(e, "互评").unwrap();
    d.store
        .record_votes(e, &[(Grade::Excellent, 8), (Grade::Qualified, 4)])
        .unwrap();
    assert_eq!(
        d.store.record_evaluation_result(e).unwrap(),
        Grade::Excellent,
        "8 of 12 votes 优秀: the median vote"
    );
    let rows = d.store.evaluation_results(t.gacha, 2026).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.id, r.member, r.result))
            .collect::<Vec<_>>(),
        vec![(e, m, Some(Grade::Excellent))]
    );
    honest_writes_replace_nothing(&d.store);
}

#[test]
fn people_roles_and_lecturers() {
    let (_dir, d, t) = device();
    let p = d
        .store
        .add_person(NewPerson {
            id: None,
            name: "乌兰".into(),
            org: t.gacha,
            status: MemberStatus::Activist,
            phone: None,
        })
        .unwrap();
    d.store
        .set_member_status(p, MemberStatus::CultivationTarget)
        .unwrap();
    d.store.grant_role(p, t.gacha, Role::Secretary).unwrap();
    let err = d.store.revoke_role(p, t.gacha, Role::Mediator).unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::InvalidInput { field: "role", .. })
    ));
    let people = d.store.people_of(t.gacha).unwrap();
    assert_eq!(people[0].status, MemberStatus::CultivationTarget);
    let l = d
        .store
        .register_lecturer(NewLecturer {
            name: "朝洛蒙".into(),
            pool: t.league,
            person: None,
            source: steppe_domain::lecturer::LecturerSource::PartySchoolTeacher,
            specialties: vec!["政治理论".into()],
        })
        .unwrap();
    assert_eq!(d.store.lecturers(t.league).unwrap()[0].id, l);
    let err = d
        .store
        .add_person(NewPerson {
            id: None,
            name: "x".into(),
            org: Id::new(),
            status: MemberStatus::Full,
            phone: None,
        })
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Domain(DomainError::NotFound { .. })
    ));
    honest_writes_replace_nothing(&d.store);
}

/// A banner school's online class is a same-time class of the sumu school below it; its on-site
/// sessions, and the sumu school's own, are not; nothing is above the banner school.
#[test]
fn online_classes_of_the_schools_above_reach_a_school_below() {
    let (_dir, d, t) = device();
    let banner_school = d
        .store
        .create_org("旗委党校", OrgKind::PartySchool, Some(t.banner))
        .unwrap();
    enrol_self(&d, t.banner, &[(t.banner, Role::Secretary)]);
    let course_at = |school| {
        d.store
            .create_course(NewCourse {
                school,
                title: "学习党的二十届四中全会精神".into(),
                topic: Topic::PartyTheory,
                lecturer: None,
            })
            .unwrap()
    };
    let (upper, lower) = (course_at(banner_school), course_at(t.school));
    let session = |course, mode, hours: i64| {
        d.store
            .schedule_session(NewSession {
                course,
                starts_at: t0() + hours * 3_600_000,
                minutes: 90,
                mode,
                venue: "驼乡e站直播间".into(),
            })
            .unwrap()
    };
    let online = session(upper, SessionMode::Online, 2);
    session(upper, SessionMode::OnSite, 3);
    session(lower, SessionMode::Online, 4);
    let day = 86_400_000;
    let shared = d
        .store
        .same_time_classes_for(t.school, t0(), t0() + day)
        .unwrap();
    assert_eq!(
        shared.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![online]
    );
    assert_eq!(shared[0].school_name.as_deref(), Some("旗委党校"));
    assert!(
        d.store
            .same_time_classes_for(banner_school, t0(), t0() + day)
            .unwrap()
            .is_empty()
    );
    assert!(
        d.store
            .same_time_classes_for(t.school, t0() + day, t0() + 2 * day)
            .unwrap()
            .is_empty(),
        "outside the period"
    );
}
