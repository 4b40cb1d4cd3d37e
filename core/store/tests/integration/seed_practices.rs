//! The seed's practices beyond the first workflows (issue 19) through the store: village affairs
//! supervision (三单、三员、一平台), 双报到 with co-building contracts, and a district shaped like
//! the seed's whose own figures come out of the projections' queries.

use steppe_core::{
    NewFinding, NewMemberService, NewNotice, NewPerson, NewRegistration, system_clock,
};
use steppe_domain::Id;
use steppe_domain::affairs_list::{DutySide, ListKind, NewItem};
use steppe_domain::authz::Role;
use steppe_domain::contract::ContractHeading;
use steppe_domain::evaluation::Grade;
use steppe_domain::finding::{FindingOutcome, Lens};
use steppe_domain::notice::NoticeCategory;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;

use crate::support::{Device, hand_over, t0, tree};

fn item(text: &str, side: Option<DutySide>, public: bool) -> NewItem {
    NewItem {
        text: text.into(),
        procedure: None,
        side,
        public,
    }
}

#[test]
fn three_lists_three_supervisors_and_one_public_board() {
    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "书记");
    let t = tree(&d.store);
    let village = t.gacha;

    let work = d
        .store
        .create_affairs_list(village, ListKind::PartyBuildingWork, 2026)
        .unwrap();
    let lessons = d
        .store
        .add_list_item(work, item("落实三会一课", None, true))
        .unwrap();
    d.store
        .add_list_item(work, item("发展党员初审材料", None, false))
        .unwrap();
    let duties = d
        .store
        .create_affairs_list(village, ListKind::SupervisoryDuties, 2026)
        .unwrap();
    assert!(
        d.store
            .add_list_item(duties, item("列席村两委会议", None, true))
            .is_err(),
        "a duty is positive or negative"
    );
    d.store
        .add_list_item(
            duties,
            item("不得干预村民委员会依法决策", Some(DutySide::Negative), true),
        )
        .unwrap();
    d.store.complete_list_item(work, &lessons).unwrap();
    let items = d.store.affairs_items(village, 2026).unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items.iter().filter(|i| i.done).count(), 1);

    // A public-sentiment supervisor on their own phone.
    let mdir = tempfile::tempdir().unwrap();
    let monitor = Device::open(&mdir.path().join("m.db"), Id::new(), "民情监督员");
    hand_over(&d, &monitor);
    let f = monitor
        .store
        .record_finding(NewFinding {
            village,
            lens: Lens::PublicSentiment,
            against: Some((work, lessons.clone())),
            text: "党课记录未上墙".into(),
        })
        .unwrap();
    hand_over(&monitor, &d);
    assert!(
        d.store
            .conclude_finding(f, FindingOutcome::Rectified)
            .is_err()
    );
    d.store.answer_finding(f, "已补齐并上墙").unwrap();
    hand_over(&d, &monitor);
    monitor
        .store
        .conclude_finding(f, FindingOutcome::Rectified)
        .unwrap();
    hand_over(&monitor, &d);
    let rows = d.store.findings(village).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].answered);
    assert_eq!(rows[0].outcome, Some(FindingOutcome::Rectified));
    let tally = d.store.finding_tally(t.league).unwrap();
    let sentiment = tally
        .iter()
        .find(|(l, _)| *l == Lens::PublicSentiment)
        .unwrap()
        .1;
    assert_eq!(
        (sentiment.findings, sentiment.open, sentiment.rectified),
        (1, 0, 1)
    );

    let published = d
        .store
        .draft_notice(NewNotice {
            village,
            category: NoticeCategory::Finance,
            title: "2026年第三季度村级财务收支".into(),
            body: "收入 12.6 万元，支出 9.8 万元".into(),
        })
        .unwrap();
    let draft = d
        .store
        .draft_notice(NewNotice {
            village,
            category: NoticeCategory::VillageAffairs,
            title: "草场补贴发放名单（草稿）".into(),
            body: "待核".into(),
        })
        .unwrap();
    let withdrawn = d
        .store
        .draft_notice(NewNotice {
            village,
            category: NoticeCategory::PartyAffairs,
            title: "发展对象公示".into(),
            body: "已撤下".into(),
        })
        .unwrap();
    d.store.publish_notice(published).unwrap();
    d.store.publish_notice(withdrawn).unwrap();
    d.store.take_down_notice(withdrawn).unwrap();
    let board = d.store.public_board(village).unwrap();
    assert_eq!(
        board.notices.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![published],
        "only what is published now; not {draft} nor {withdrawn}"
    );
    let shown: Vec<&str> = board.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(!shown.contains(&"发展党员初审材料"), "not marked public");
    d.store.publish_list_item(work, &lessons, false).unwrap();
    assert_eq!(d.store.public_board(village).unwrap().items.len(), 1);
}

#[test]
fn units_and_members_report_to_communities_under_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "社区书记");
    let t = tree(&d.store);
    let unit = d
        .store
        .create_org("旗税务局党支部", OrgKind::Institution, Some(t.banner))
        .unwrap();
    let firm = d
        .store
        .create_org(
            "乌海市某煤业党支部",
            OrgKind::StateEnterprise,
            Some(t.banner),
        )
        .unwrap();
    let (year, from, to) = (2026, t0() - 300 * 86_400_000, t0() + 30 * 86_400_000);
    for u in [unit, firm] {
        d.store
            .register_with_community(NewRegistration {
                community: t.community,
                unit: u,
                member: None,
                year,
            })
            .unwrap();
    }
    let members: Vec<Id> = (0..3).map(|_| Id::new()).collect();
    for m in &members {
        d.store
            .register_with_community(NewRegistration {
                community: t.community,
                unit,
                member: Some(*m),
                year,
            })
            .unwrap();
        d.store
            .log_member_service(NewMemberService {
                member: *m,
                community: t.community,
                minutes: 90,
                people_served: 12,
                description: "入户走访".into(),
            })
            .unwrap();
    }
    // 双报告、双考核: the first member reports to both and is assessed by both; the second
    // reports to the community only.
    let (m0, m1) = (members[0], members[1]);
    assert!(
        d.store
            .assess_service(m0, unit, year, Grade::Excellent, None)
            .is_err(),
        "assessed only after reporting"
    );
    for org in [unit, t.community] {
        d.store
            .receive_service_report(m0, org, year, "全年入户走访 24 次")
            .unwrap();
        d.store
            .assess_service(m0, org, year, Grade::Excellent, Some("服务积极"))
            .unwrap();
    }
    d.store
        .receive_service_report(m1, t.community, year, "参加志愿服务 6 次")
        .unwrap();
    let contract = d.store.sign_contract(t.community, unit, year).unwrap();
    let link = d
        .store
        .add_commitment(contract, ContractHeading::OrganisationLink, "结对共建")
        .unwrap();
    d.store
        .add_commitment(
            contract,
            ContractHeading::JointActivities,
            "七一联合主题党日",
        )
        .unwrap();
    d.store.fulfil_commitment(contract, &link).unwrap();
    assert!(d.store.fulfil_commitment(contract, &link).is_err());
    assert!(
        d.store
            .sign_contract(t.community, t.community, year)
            .is_err(),
        "two sides"
    );

    let f = d.store.dual_figures(t.league, year, from, to).unwrap();
    assert_eq!(f.units_registered, 2);
    assert_eq!(f.members_registered, 3);
    assert_eq!(f.contracts, 1);
    assert_eq!(f.units_without_contract, 1, "the enterprise has none yet");
    assert_eq!((f.services, f.people_served), (3, 36));
    assert_eq!((f.reported_to_both, f.assessed_by_both), (1, 1));
    let other_year = d.store.dual_figures(t.league, 2025, from, to).unwrap();
    assert_eq!(other_year.units_registered, 0);
}

#[test]
fn members_are_counted_apart_from_trainees() {
    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "书记");
    let t = tree(&d.store);
    for status in MemberStatus::ALL {
        d.store
            .add_person(NewPerson {
                id: None,
                name: format!("成员{}", status.code()),
                org: t.gacha,
                status: *status,
                phone: None,
            })
            .unwrap();
    }
    let stats = d.store.subtree_stats(t.town, 0, system_clock()()).unwrap();
    assert_eq!(stats.members, 3, "full, probationary and mobile members");
    assert_eq!(
        stats.trainees, 3,
        "activists, cultivation targets, the masses"
    );
}

/// The seed's district (海南区): 152 grids with 62 grid branches and 53 Party groups; 85, 207
/// and 92 三员 supervisors; 86 work units' Party organisations and over 2,000 in-service members
/// registered with communities, who served over 36,000 people-times.
#[test]
fn the_seed_districts_own_figures_come_out_of_the_projections() {
    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "区委组织部");
    let s = &d.store;
    let district = s.create_org("海南区", OrgKind::District, None).unwrap();
    let streets: Vec<Id> = (0..3)
        .map(|i| {
            s.create_org(&format!("街道{i}"), OrgKind::Street, Some(district))
                .unwrap()
        })
        .collect();
    let communities: Vec<Id> = (0..19)
        .map(|i| {
            s.create_org(
                &format!("社区{i}"),
                OrgKind::Community,
                Some(streets[i % streets.len()]),
            )
            .unwrap()
        })
        .collect();
    // Grids and grid branches are not one-to-one: 152 grids, 62 branches, 53 Party groups.
    for i in 0..152 {
        s.create_org(
            &format!("网格{i}"),
            OrgKind::Grid,
            Some(communities[i % communities.len()]),
        )
        .unwrap();
    }
    let branches: Vec<Id> = (0..62)
        .map(|i| {
            s.create_org(
                &format!("网格党支部{i}"),
                OrgKind::GridBranch,
                Some(communities[i % communities.len()]),
            )
            .unwrap()
        })
        .collect();
    for i in 0..53 {
        s.create_org(
            &format!("楼栋党小组{i}"),
            OrgKind::BuildingGroup,
            Some(branches[i % branches.len()]),
        )
        .unwrap();
    }
    for (role, n) in [
        (Role::PartyBuildingMonitor, 85),
        (Role::SentimentMonitor, 207),
        (Role::IntegrityMonitor, 92),
    ] {
        for i in 0..n {
            let community = communities[i % communities.len()];
            let p = s
                .add_person(NewPerson {
                    id: None,
                    name: format!("{}{i}", role.code()),
                    org: community,
                    status: MemberStatus::Full,
                    phone: None,
                })
                .unwrap();
            s.grant_role(p, community, role).unwrap();
        }
    }
    let unit_kinds = [
        OrgKind::Institution,
        OrgKind::StateEnterprise,
        OrgKind::PrivateEnterprise,
        OrgKind::SocialOrganisation,
    ];
    let units: Vec<Id> = (0..86)
        .map(|i| {
            s.create_org(
                &format!("单位党组织{i}"),
                unit_kinds[i % unit_kinds.len()],
                Some(district),
            )
            .unwrap()
        })
        .collect();
    let year = 2026;
    for (i, &unit) in units.iter().enumerate() {
        let community = communities[i % communities.len()];
        s.register_with_community(NewRegistration {
            community,
            unit,
            member: None,
            year,
        })
        .unwrap();
        s.sign_contract(community, unit, year).unwrap();
    }
    // 2,010 in-service members, each registered where they live, 18 people-times each.
    for i in 0..2010 {
        let member = Id::new();
        let community = communities[i % communities.len()];
        s.register_with_community(NewRegistration {
            community,
            unit: units[i % units.len()],
            member: Some(member),
            year,
        })
        .unwrap();
        s.log_member_service(NewMemberService {
            member,
            community,
            minutes: 60,
            people_served: 18,
            description: "志愿服务".into(),
        })
        .unwrap();
    }

    let orgs = s.org_subtree(district).unwrap();
    let count = |k: OrgKind| orgs.iter().filter(|o| o.kind == k).count();
    assert_eq!(
        (
            count(OrgKind::Grid),
            count(OrgKind::GridBranch),
            count(OrgKind::BuildingGroup)
        ),
        (152, 62, 53)
    );
    assert_eq!(orgs.iter().filter(|o| o.kind.is_work_unit()).count(), 86);
    let holders = s.role_holders(district).unwrap();
    let held = |r: Role| holders.iter().find(|(x, _)| *x == r).map_or(0, |h| h.1);
    assert_eq!(
        (
            held(Role::PartyBuildingMonitor),
            held(Role::SentimentMonitor),
            held(Role::IntegrityMonitor)
        ),
        (85, 207, 92)
    );
    let (from, to) = (t0() - 300 * 86_400_000, t0() + 30 * 86_400_000);
    let f = s.dual_figures(district, year, from, to).unwrap();
    assert_eq!(f.units_registered, 86);
    assert!(f.members_registered > 2000, "{}", f.members_registered);
    assert_eq!((f.contracts, f.units_without_contract), (86, 0));
    assert!(f.people_served > 36_000, "{}", f.people_served);
}

/// One same-time online class taken at ten schools (the seed: 300+ members at 10 schools):
/// each check-in names the school whose site its member joined from, and counts there.
#[test]
fn an_online_class_counts_at_each_school_its_members_joined_from() {
    use steppe_core::{NewCourse, NewSession};
    use steppe_domain::course::{SessionMode, Topic};

    let dir = tempfile::tempdir().unwrap();
    let sec = Device::open(&dir.path().join("sec.db"), Id::new(), "党校书记");
    let t = tree(&sec.store);
    let schools: Vec<Id> = (0..10)
        .map(|i| {
            sec.store
                .create_org(
                    &format!("第{i}基层党校"),
                    OrgKind::PartySchool,
                    Some(t.town),
                )
                .unwrap()
        })
        .collect();
    let course = sec
        .store
        .create_course(NewCourse {
            school: t.school,
            title: "同步课堂：党的二十届四中全会精神".into(),
            topic: Topic::PartyTheory,
            lecturer: None,
        })
        .unwrap();
    let session = sec
        .store
        .schedule_session(NewSession {
            course,
            starts_at: t0(),
            minutes: 90,
            mode: SessionMode::Online,
            venue: "驼乡e站直播间".into(),
        })
        .unwrap();
    for (i, &school) in schools.iter().enumerate() {
        for j in 0..3 {
            let d = Device::open(&dir.path().join(format!("m{i}-{j}.db")), Id::new(), "党员");
            hand_over(&sec, &d);
            d.store
                .check_in(session, SessionMode::Online, Some(school))
                .unwrap();
            hand_over(&d, &sec);
        }
    }
    let by_school = sec.store.attendance_by_school(session).unwrap();
    assert_eq!(by_school.len(), 10, "{by_school:?}");
    assert!(by_school.iter().all(|(_, _, n)| *n == 3), "{by_school:?}");
    assert!(
        by_school
            .iter()
            .all(|(s, name, _)| schools.contains(s) && name.is_some())
    );
}

/// A grid's Party-building instructor attends a Party group meeting of the grid's community
/// (grids and branches are not one-to-one); someone not assigned there is refused.
#[test]
fn a_grids_instructor_attends_its_party_group_meeting() {
    use steppe_core::NewOrgLifeMeeting;
    use steppe_domain::org_life::{AttendeeRole, ItemKind, MeetingKind, OrgLifeMeeting};

    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "网格党支部书记");
    let t = tree(&d.store);
    let grid = d
        .store
        .create_org("第三网格", OrgKind::Grid, Some(t.community))
        .unwrap();
    let group = d
        .store
        .create_org("3号楼党小组", OrgKind::BuildingGroup, Some(t.grid))
        .unwrap();
    let person = |name: &str| {
        d.store
            .add_person(NewPerson {
                id: None,
                name: name.into(),
                org: t.community,
                status: MemberStatus::Full,
                phone: None,
            })
            .unwrap()
    };
    let instructor = person("区委组织部 王指导员");
    d.store
        .grant_role(instructor, grid, Role::Instructor)
        .unwrap();
    let stranger = person("未指派的干部");
    let meeting = d
        .store
        .record_org_life_meeting(NewOrgLifeMeeting {
            branch: group,
            kind: MeetingKind::OrganisationalLife,
            held_at: t0(),
        })
        .unwrap();
    d.store
        .add_org_life_item(meeting, ItemKind::Talk, "书记与三名党员会前谈心")
        .unwrap();
    assert!(
        d.store
            .add_meeting_attendee(
                meeting,
                AttendeeRole::Instructor,
                "未指派的干部",
                Some(stranger)
            )
            .is_err()
    );
    d.store
        .add_meeting_attendee(
            meeting,
            AttendeeRole::Instructor,
            "王指导员",
            Some(instructor),
        )
        .unwrap();
    d.store
        .add_meeting_attendee(meeting, AttendeeRole::Superior, "街道党工委书记", None)
        .unwrap();
    let m: OrgLifeMeeting = d.store.get(meeting).unwrap();
    assert_eq!(
        m.attendees.iter().map(|a| a.role).collect::<Vec<_>>(),
        vec![AttendeeRole::Instructor, AttendeeRole::Superior]
    );
    assert_eq!(m.items[0].kind, ItemKind::Talk);
}

/// A themed training programme groups courses; its field study counts apart; trainee-times
/// add up over its sessions.
#[test]
fn a_programme_groups_courses_and_counts_its_trainee_times() {
    use steppe_core::{NewCourse, NewProgramme, NewSession};
    use steppe_domain::course::{Attendance, SessionKind, SessionMode, Topic};

    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "党校书记");
    let t = tree(&d.store);
    let programme = d
        .store
        .plan_programme(NewProgramme {
            school: t.school,
            title: "乡村振兴专题培训班".into(),
            theme: Topic::RuralRevitalisation,
            year: 2026,
            starts_on: t0(),
            ends_on: t0() + 5 * 86_400_000,
        })
        .unwrap();
    let course = |title: &str| {
        d.store
            .create_course(NewCourse {
                school: t.school,
                title: title.into(),
                topic: Topic::RuralRevitalisation,
                lecturer: None,
            })
            .unwrap()
    };
    let (lecture, trip, outside) = (
        course("草畜平衡"),
        course("赴阿拉善右旗游学"),
        course("不在班内"),
    );
    for c in [lecture, trip] {
        d.store.set_course_programme(c, Some(programme)).unwrap();
    }
    let session = |course, start| {
        d.store
            .schedule_session(NewSession {
                course,
                starts_at: start,
                minutes: 120,
                mode: SessionMode::OnSite,
                venue: "党校教室".into(),
            })
            .unwrap()
    };
    let s1 = session(lecture, t0());
    let s2 = session(trip, t0() + 86_400_000);
    let s3 = session(outside, t0());
    d.store
        .set_session_kind(s2, SessionKind::FieldStudy)
        .unwrap();
    crate::support::enrol_self(&d, t.town, &[(t.town, Role::Secretary)]);
    d.set_time(t0() + 2 * 86_400_000);
    let members: Vec<Id> = (0..3).map(|_| Id::new()).collect();
    for s in [s1, s2, s3] {
        for m in &members {
            d.store.mark_attendance(s, *m, Attendance::Present).unwrap();
        }
    }
    d.store
        .mark_attendance(s1, Id::new(), Attendance::Absent)
        .unwrap();
    let rows = d.store.programmes(t.school, 2026).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!((row.courses, row.sessions, row.field_sessions), (2, 2, 1));
    assert_eq!(
        row.trainee_times, 6,
        "three members at each of its two sessions; not the outside course's, not the absent"
    );
}

/// A petition taken at a village's agency point, forwarded, replied to and concluded, with the
/// resident coming once; another where they had to come back.
#[test]
fn petitions_are_followed_to_their_conclusion_and_counted_by_visits() {
    use steppe_domain::petition::PetitionStepKind;

    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "代办员 乌云");
    let t = tree(&d.store);
    let once = d
        .store
        .receive_petition(t.gacha, "牧民 巴特尔", "草原补奖资金未到账")
        .unwrap();
    d.store
        .petition_step(
            once,
            PetitionStepKind::Forwarded,
            Some("苏木农牧业综合服务站"),
            "转交核查",
        )
        .unwrap();
    assert!(
        d.store.conclude_petition(once, true, "办结").is_err(),
        "reply first"
    );
    d.store
        .petition_step(once, PetitionStepKind::Replied, None, "资金已补发")
        .unwrap();
    d.store.conclude_petition(once, true, "群众满意").unwrap();
    let twice = d
        .store
        .receive_petition(t.gacha, "牧民 其其格", "宅基地确权")
        .unwrap();
    d.store.petition_visit(twice).unwrap();
    d.store
        .petition_step(twice, PetitionStepKind::Replied, None, "已协调自然资源所")
        .unwrap();
    d.store
        .conclude_petition(twice, false, "群众不满意")
        .unwrap();
    let open = d
        .store
        .receive_petition(t.gacha, "牧民 乌兰", "低保复核")
        .unwrap();
    let rows = d.store.petitions(t.gacha).unwrap();
    assert_eq!(rows[0].id, open, "the open one first");
    let f = d
        .store
        .petition_figures(t.league, t0() - 86_400_000, t0() + 86_400_000)
        .unwrap();
    assert_eq!(
        (
            f.received,
            f.concluded,
            f.concluded_in_one_visit,
            f.satisfied
        ),
        (3, 2, 1, 1)
    );
}

/// A red station's volunteer logs the services it gives and takes a resident's request, which
/// the community's list shows beside its own.
#[test]
fn a_red_stations_services_and_requests_reach_its_community() {
    use steppe_core::NewRequest;
    use steppe_domain::station_service::StationOffer;

    let dir = tempfile::tempdir().unwrap();
    let d = Device::open(&dir.path().join("s.db"), Id::new(), "驿站志愿者");
    let t = tree(&d.store);
    let station = d
        .store
        .create_org("佳和小区红色驿站", OrgKind::RedStation, Some(t.community))
        .unwrap();
    d.store
        .log_station_service(station, StationOffer::EmergencyMedicine, 1, "")
        .unwrap();
    d.store
        .log_station_service(station, StationOffer::HealthCheck, 12, "常规义诊")
        .unwrap();
    assert!(
        d.store
            .log_station_service(station, StationOffer::Printing, 0, "")
            .is_err()
    );
    let at_station = d
        .store
        .raise_request(NewRequest {
            community: station,
            title: "小区路灯不亮".into(),
            description: "驿站值守时居民反映".into(),
            raised_by: "居民 马秀英".into(),
        })
        .unwrap();
    let rows = d.store.requests(t.community, None, 50, 0).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![at_station]
    );
    assert_eq!(rows[0].community, station, "attributed to the station");
    let stations = d
        .store
        .station_figures(t.league, t0() - 86_400_000, t0() + 86_400_000)
        .unwrap();
    assert_eq!(stations.len(), 1);
    assert_eq!(
        (
            stations[0].services,
            stations[0].people_served,
            stations[0].requests
        ),
        (2, 13, 1)
    );
}
