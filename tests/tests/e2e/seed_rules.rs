//! The seed's rules on who writes which part of a record (issue 19), tried through HTTP by an
//! insider whose modified app writes what its screens would not: each forged change ends
//! refused and the stored record as it was; the honest path through the store is accepted.

use steppe_core::{NewFinding, Verdict};
use steppe_domain::Id;
use steppe_domain::Vocabulary;
use steppe_domain::authz::Role;
use steppe_domain::evaluation::{DemocraticEvaluation, Grade, MutualAssessment};
use steppe_domain::finding::{FindingOutcome, Lens, SupervisionFinding};
use steppe_domain::org::OrgKind;
use steppe_domain::reason::Reason;
use steppe_domain::request::{RequestStep, ResidentRequest, StepEntry};
use steppe_protocol::RejectReason;
use steppe_tests::harness::region;

use crate::attacks::{forge, forge_dated, forge_root, phone, refused, refused_for, upload};
use crate::seed_support::{community, org, stored, user, worked_request};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_self_assessment_is_the_members_and_the_grade_is_the_votes() {
    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let e = sec.store.open_evaluation(r.gacha1, r.herder, 2026).unwrap();
    assert_eq!(e, DemocraticEvaluation::id_for(&r.herder.to_string(), 2026));
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();

    // The secretary writes the member's self-assessment for them.
    let forged = forge::<DemocraticEvaluation>(&server, &sec, e, None, |x| {
        x.self_assessment = Some("代写的自评".into());
    })
    .await;
    refused_for(
        &upload(&server, &sec, e, vec![forged]).await,
        RejectReason::OutOfScope,
        &Reason::OnlyMemberSelfAssesses.message_id(),
    );
    // The member writes an assessment of themselves in the secretary's name.
    let forged = forge::<DemocraticEvaluation>(&server, &herder, e, None, |x| {
        x.mutual.push(MutualAssessment {
            id: "m1".into(),
            by: r.secretary.to_string(),
            text: "表现优秀".into(),
            at: 1,
        });
    })
    .await;
    refused(
        &upload(&server, &herder, e, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    // The member records their own grade.
    let forged = forge::<DemocraticEvaluation>(&server, &herder, e, None, |x| {
        x.result = Some(Grade::Excellent);
    })
    .await;
    refused(
        &upload(&server, &herder, e, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    let held: DemocraticEvaluation = stored(&server, e).await;
    assert_eq!(
        (held.self_assessment, held.mutual.len(), held.result),
        (None, 0, None)
    );

    // The honest path: the member's own self-assessment from their phone.
    herder.store.assess_self(e, "带头落实草畜平衡").unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
    sec.sync().await.unwrap();
    sec.store.assess_mutually(e, "群众评价好").unwrap();
    sec.store
        .record_votes(e, &[(Grade::Excellent, 3), (Grade::Qualified, 9)])
        .unwrap();
    sec.sync().await.unwrap();

    // The secretary records a better grade than the tallies give.
    let forged = forge::<DemocraticEvaluation>(&server, &sec, e, None, |x| {
        x.result = Some(Grade::Excellent);
    })
    .await;
    refused(
        &upload(&server, &sec, e, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    assert_eq!(
        sec.store.record_evaluation_result(e).unwrap(),
        Grade::Qualified
    );
    let report = sec.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
    assert_eq!(
        stored::<DemocraticEvaluation>(&server, e).await.result,
        Some(Grade::Qualified)
    );

    // A second evaluation of the member's year under another id.
    let twin = DemocraticEvaluation::new(r.gacha1.to_string(), r.herder.to_string(), 2026).unwrap();
    let id = Id::new();
    let change = forge_root(&server, &sec, id, &twin).await;
    refused(
        &upload(&server, &sec, id, vec![change]).await,
        RejectReason::OutOfScope,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finding_is_its_supervisors_and_the_answer_the_branchs() {
    let (dir, server, r) = region().await.unwrap();
    let monitor = user(
        &server,
        "民情监督员 其木格",
        r.gacha1,
        &[(r.gacha1, Role::SentimentMonitor)],
    )
    .await;
    let other = user(
        &server,
        "民情监督员 巴雅尔",
        r.gacha1,
        &[(r.gacha1, Role::SentimentMonitor)],
    )
    .await;
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let mon = phone(&server, monitor, dir.path(), "monitor").await;
    let mon2 = phone(&server, other, dir.path(), "monitor2").await;

    // Another supervisor of the same lens and village files a finding in this one's name; and
    // the secretary, whom the branch's supervisors watch, files one at all.
    let posed = SupervisionFinding::record(
        r.gacha1.to_string(),
        Lens::PublicSentiment,
        monitor.to_string(),
        None,
        "一切正常".into(),
        1,
    )
    .unwrap();
    let id = Id::new();
    let change = forge_root(&server, &mon2, id, &posed).await;
    refused_for(
        &upload(&server, &mon2, id, vec![change]).await,
        RejectReason::OutOfScope,
        &Reason::FindingByOwnSupervisor.message_id(),
    );
    let id = Id::new();
    let change = forge_root(&server, &sec, id, &posed).await;
    refused(
        &upload(&server, &sec, id, vec![change]).await,
        RejectReason::OutOfScope,
    );
    // The supervisor files one through a lens they do not hold.
    let wrong_lens = SupervisionFinding::record(
        r.gacha1.to_string(),
        Lens::Integrity,
        monitor.to_string(),
        None,
        "账目不清".into(),
        1,
    )
    .unwrap();
    let id = Id::new();
    let change = forge_root(&server, &mon, id, &wrong_lens).await;
    refused(
        &upload(&server, &mon, id, vec![change]).await,
        RejectReason::OutOfScope,
    );

    let f = mon
        .store
        .record_finding(NewFinding {
            village: r.gacha1,
            lens: Lens::PublicSentiment,
            against: None,
            text: "低保评议未公示".into(),
        })
        .unwrap();
    let report = mon.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
    sec.sync().await.unwrap();

    // The supervisor writes the branch's answer; the secretary concludes the finding.
    let forged = forge::<SupervisionFinding>(&server, &mon, f, None, |x| {
        x.answer("已公示".into(), monitor.to_string(), 2).unwrap();
    })
    .await;
    refused(
        &upload(&server, &mon, f, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    sec.store.answer_finding(f, "已在村务公开栏公示").unwrap();
    assert_eq!(sec.sync().await.unwrap().rejected, 0);
    let forged = forge::<SupervisionFinding>(&server, &sec, f, None, |x| {
        x.conclude(FindingOutcome::Rectified, 3).unwrap();
    })
    .await;
    refused(
        &upload(&server, &sec, f, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    assert!(stored::<SupervisionFinding>(&server, f).await.is_open());

    mon.sync().await.unwrap();
    mon.store
        .conclude_finding(f, FindingOutcome::Rectified)
        .unwrap();
    assert_eq!(mon.sync().await.unwrap().rejected, 0);
    let held: SupervisionFinding = stored(&server, f).await;
    assert_eq!(held.outcome, Some(FindingOutcome::Rectified));
    assert_eq!(held.answer.unwrap().by, r.secretary.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoever_did_the_work_cannot_record_the_residents_verdict() {
    let (dir, server, r) = region().await.unwrap();
    let k = community(&server, &r, dir.path()).await;
    let (worker, collector, w, c) = (k.worker, k.collector, &k.w, &k.c);
    let req = worked_request(&k).await;

    // The worker's modified app records the residents' satisfaction with its own work — in its
    // own name, or in the collector's.
    for (entry, name, user) in [
        ("e1", "居民 王秀英", worker),
        ("e2", "网格员 乌兰", collector),
    ] {
        let forged = forge::<ResidentRequest>(&server, w, req, None, |x| {
            x.history.push(StepEntry {
                id: entry.into(),
                step: RequestStep::Evaluated,
                at: 5,
                by: name.into(),
                user: Some(user.to_string()),
                note: "满意".into(),
            });
            x.step = RequestStep::Evaluated;
            x.evaluations.push(steppe_domain::request::Evaluation {
                id: entry.into(),
                at: 5,
                satisfied: true,
                comment: "满意".into(),
                residents: vec!["居民 王秀英".into()],
            });
        })
        .await;
        refused(
            &upload(&server, w, req, vec![forged]).await,
            RejectReason::OutOfScope,
        );
    }
    assert_eq!(
        stored::<ResidentRequest>(&server, req).await.step,
        RequestStep::Done
    );

    c.sync().await.unwrap();
    c.store
        .evaluate_request(
            req,
            Verdict {
                satisfied: true,
                comment: "满意".into(),
                residents: vec!["居民 王秀英".into(), "居民 李桂兰".into()],
            },
        )
        .unwrap();
    assert_eq!(c.sync().await.unwrap().rejected, 0);
    let held: ResidentRequest = stored(&server, req).await;
    assert_eq!(held.step, RequestStep::Evaluated);
    assert_eq!(held.evaluations[0].residents.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_villages_board_shows_without_an_account_only_what_its_branch_published() {
    use steppe_core::NewNotice;
    use steppe_domain::affairs_list::{ListKind, NewItem};
    use steppe_domain::notice::{NoticeCategory, PublicNotice};

    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let notice = |title: &str| NewNotice {
        village: r.gacha1,
        category: NoticeCategory::VillageAffairs,
        title: title.into(),
        body: "详见村务公开栏".into(),
    };
    let shown = sec.store.draft_notice(notice("草场补贴发放名单")).unwrap();
    let draft = sec
        .store
        .draft_notice(notice("低保评议结果（待审）"))
        .unwrap();
    sec.store.publish_notice(shown).unwrap();
    let list = sec
        .store
        .create_affairs_list(r.gacha1, ListKind::PowersAndServices, 2026)
        .unwrap();
    for (text, public) in [("高龄津贴申请", true), ("党员发展初审", false)] {
        sec.store
            .add_list_item(
                list,
                NewItem {
                    text: text.into(),
                    procedure: Some("本人申请→村委会初审→苏木审核".into()),
                    side: None,
                    public,
                },
            )
            .unwrap();
    }
    assert_eq!(sec.sync().await.unwrap().rejected, 0);

    // A member's modified app publishes the draft.
    herder.sync().await.unwrap();
    let forged = forge::<PublicNotice>(&server, &herder, draft, None, |n| n.publish(9)).await;
    refused(
        &upload(&server, &herder, draft, vec![forged]).await,
        RejectReason::OutOfScope,
    );

    let anyone = reqwest::Client::new();
    let resp = anyone
        .get(format!("{}/public/{}", server.url(), r.gacha1))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), reqwest::StatusCode::OK);
    let page = resp.text().await.unwrap();
    assert!(page.contains("巴音宝格德嘎查 公开公示"), "{page}");
    assert!(page.contains("草场补贴发放名单") && page.contains("高龄津贴申请"));
    assert!(
        !page.contains("低保评议结果"),
        "a draft is not on the board"
    );
    assert!(
        !page.contains("党员发展初审"),
        "an item not marked public is not"
    );
    for path in [format!("/public/{}", Id::new()), "/public/not-an-id".into()] {
        let resp = anyone
            .get(format!("{}{path}", server.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), reqwest::StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_is_dated_by_its_change_inside_the_window_and_named_by_its_author() {
    use steppe_core::{NewCourse, NewSession};
    use steppe_domain::course::{
        Attendance, MAX_CLOCK_SKEW_MS, MarkHow, Session, SessionMode, Topic,
    };

    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let course = sec
        .store
        .create_course(NewCourse {
            school: r.school,
            title: "草畜平衡政策".into(),
            topic: Topic::SituationPolicy,
            lecturer: None,
        })
        .unwrap();
    let now = steppe_core::system_clock()();
    let schedule = |starts_at| NewSession {
        course,
        starts_at,
        minutes: 60,
        mode: SessionMode::Online,
        venue: "驼乡e站".into(),
    };
    let open = sec.store.schedule_session(schedule(now - 600_000)).unwrap();
    let past = sec
        .store
        .schedule_session(schedule(now - 3 * 86_400_000))
        .unwrap();
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();
    let me = r.herder.to_string();

    // Dated an hour ahead of the server's clock.
    let ahead = now + 3_600_000;
    let forged = forge_dated::<Session>(&server, &herder, open, None, ahead, |s| {
        s.check_in(&me, SessionMode::Online, None, ahead).unwrap();
    })
    .await;
    refused(
        &upload(&server, &herder, open, vec![forged]).await,
        RejectReason::RuleViolation,
    );
    assert!(ahead - now > MAX_CLOCK_SKEW_MS);
    // A check-in to a session whose window closed two days ago, dated honestly.
    let forged = forge_dated::<Session>(&server, &herder, past, None, now, |s| {
        s.attendance.insert(me.clone(), Attendance::Present);
        s.recorded_at.insert(me.clone(), now);
        s.recorded_how.insert(me.clone(), MarkHow::SelfOnSite);
        s.recorded_by.insert(me.clone(), me.clone());
    })
    .await;
    refused(
        &upload(&server, &herder, past, vec![forged]).await,
        RejectReason::RuleViolation,
    );
    // A check-in whose recorded time is not its change's.
    let forged = forge_dated::<Session>(&server, &herder, open, None, now, |s| {
        s.check_in(&me, SessionMode::Online, None, now - 60_000)
            .unwrap();
    })
    .await;
    refused(
        &upload(&server, &herder, open, vec![forged]).await,
        RejectReason::RuleViolation,
    );
    // The secretary marks the herder as having checked in themselves.
    let forged = forge_dated::<Session>(&server, &sec, open, None, now, |s| {
        s.check_in(&me, SessionMode::Online, None, now).unwrap();
    })
    .await;
    refused(
        &upload(&server, &sec, open, vec![forged]).await,
        RejectReason::RuleViolation,
    );
    let held: Session = stored(&server, open).await;
    assert!(held.attendance.is_empty() && held.recorded_at.is_empty());

    // The honest check-in from the phone, and a mark by the secretary naming her.
    herder
        .store
        .check_in(open, SessionMode::Online, None)
        .unwrap();
    assert_eq!(herder.sync().await.unwrap().rejected, 0);
    sec.sync().await.unwrap();
    sec.store
        .mark_attendance(open, r.mediator_a, Attendance::Excused)
        .unwrap();
    assert_eq!(sec.sync().await.unwrap().rejected, 0);
    let held: Session = stored(&server, open).await;
    assert_eq!(held.recorded_how.get(&me), Some(&MarkHow::SelfOnline));
    assert_eq!(held.recorded_by.get(&me), Some(&me));
    let marked = r.mediator_a.to_string();
    assert_eq!(held.recorded_how.get(&marked), Some(&MarkHow::Marked));
    assert_eq!(
        held.recorded_by.get(&marked),
        Some(&r.secretary.to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_serves_and_takes_requests_at_their_own_station_only() {
    use steppe_core::NewRequest;
    use steppe_domain::hand::Hand;
    use steppe_domain::petition::{Petition, PetitionStepKind};
    use steppe_domain::station_service::{StationOffer, StationService};

    let (dir, server, r) = region().await.unwrap();
    let community = org(&server, "佳和社区党委", OrgKind::Community, Some(r.sumu)).await;
    let station = org(
        &server,
        "佳和小区红色驿站",
        OrgKind::RedStation,
        Some(community),
    )
    .await;
    let other = org(
        &server,
        "民乐小区红色驿站",
        OrgKind::RedStation,
        Some(community),
    )
    .await;
    let volunteer = user(
        &server,
        "驿站志愿者 袁玲",
        community,
        &[(station, Role::Volunteer)],
    )
    .await;
    let v = phone(&server, volunteer, dir.path(), "volunteer").await;
    v.store
        .log_station_service(station, StationOffer::EmergencyMedicine, 1, "")
        .unwrap();
    v.store
        .raise_request(NewRequest {
            community: station,
            title: "楼道灯坏了".into(),
            description: "值守时居民反映".into(),
            raised_by: "居民 马秀英".into(),
        })
        .unwrap();
    let report = v.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (2, 0));

    // A request raised at the other station.
    let elsewhere_request = steppe_domain::request::ResidentRequest::raise(
        other.to_string(),
        "楼道灯坏了".into(),
        "值守时居民反映".into(),
        "居民 马秀英".into(),
        "e1".into(),
        volunteer.to_string(),
        1,
    )
    .unwrap();
    let id = Id::new();
    let change = forge_root(&server, &v, id, &elsewhere_request).await;
    refused(
        &upload(&server, &v, id, vec![change]).await,
        RejectReason::OutOfScope,
    );
    // The same service logged at another station.
    let elsewhere = StationService::give(
        other.to_string(),
        StationOffer::Printing,
        volunteer.to_string(),
        1,
        String::new(),
        1,
    )
    .unwrap();
    let id = Id::new();
    let change = forge_root(&server, &v, id, &elsewhere).await;
    refused(
        &upload(&server, &v, id, vec![change]).await,
        RejectReason::OutOfScope,
    );

    // A petition's step logged in another person's name.
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let p = sec
        .store
        .receive_petition(r.gacha1, "牧民 巴特尔", "草原补奖资金未到账")
        .unwrap();
    sec.sync().await.unwrap();
    let forged = forge::<Petition>(&server, &sec, p, None, |x| {
        let posing = Hand {
            name: "苏木督导".into(),
            user: r.supervisor.to_string(),
        };
        x.step(
            "s2".into(),
            PetitionStepKind::Replied,
            None,
            "已答复".into(),
            posing,
            2,
        )
        .unwrap();
    })
    .await;
    refused(
        &upload(&server, &sec, p, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    assert_eq!(stored::<Petition>(&server, p).await.steps.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grid_worker_takes_down_a_members_report_but_the_grade_is_the_committees() {
    use steppe_domain::evaluation::Grade;
    use steppe_domain::service_review::ServiceReview;

    let (dir, server, r) = region().await.unwrap();
    let k = community(&server, &r, dir.path()).await;
    let (community, w) = (k.id, &k.w);
    let review = w
        .store
        .receive_service_report(r.herder, community, 2026, "全年入户走访 24 次")
        .unwrap();
    assert_eq!(w.sync().await.unwrap().rejected, 0);
    // The worker's modified app records the grade too.
    let forged = forge::<ServiceReview>(&server, w, review, None, |x| {
        x.assess(Grade::Excellent, None).unwrap();
    })
    .await;
    refused(
        &upload(&server, w, review, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    assert_eq!(stored::<ServiceReview>(&server, review).await.grade, None);
    // A second review of the member's year under another id.
    let twin = ServiceReview::open(r.herder.to_string(), community.to_string(), 2026).unwrap();
    let id = Id::new();
    let change = forge_root(&server, w, id, &twin).await;
    refused(
        &upload(&server, w, id, vec![change]).await,
        RejectReason::OutOfScope,
    );
}
