//! The holes an insider review found in the seed's rules (issue 19), each tried again through
//! HTTP as a modified app would send it: every forged change refused, the stored record as it
//! was. Beside each, the honest path that must still pass.

use steppe_core::{NewCourse, NewFinding, NewSession, Verdict};
use steppe_domain::Id;
use steppe_domain::Vocabulary;
use steppe_domain::authz::Role;
use steppe_domain::course::{Attendance, MarkHow, Session, SessionMode, Topic};
use steppe_domain::evaluation::DemocraticEvaluation;
use steppe_domain::finding::{Lens, SupervisionFinding};
use steppe_domain::org::OrgKind;
use steppe_domain::person::Person;
use steppe_domain::petition::{Petition, PetitionStep, PetitionStepKind};
use steppe_domain::reason::Reason;
use steppe_domain::registration::CommunityRegistration;
use steppe_domain::request::{Evaluation, ResidentRequest};
use steppe_domain::station_service::{StationOffer, StationService};
use steppe_protocol::RejectReason;
use steppe_tests::harness::region;

use crate::attacks::{forge, forge_dated, forge_root, phone, refused, refused_for, upload};
use crate::seed_support::{community, org, stored, user, worked_request};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_and_verdicts_cannot_be_slipped_in_under_held_ids_or_rewritten() {
    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let p = sec
        .store
        .receive_petition(r.gacha1, "牧民 巴特尔", "补贴未到账")
        .unwrap();
    sec.sync().await.unwrap();
    let step = |id: &str, kind, user: Id| PetitionStep {
        id: id.into(),
        kind,
        at: 2,
        by: "苏木督导".into(),
        user: user.to_string(),
        to: None,
        note: "已答复".into(),
    };
    // A step reusing the receipt's id (in the author's own name); a new step in the
    // supervisor's name; a conclusion with no reply before it.
    for (forged, because) in [
        (
            forge::<Petition>(&server, &sec, p, None, |x| {
                let first = x.steps[0].id.clone();
                x.steps
                    .push(step(&first, PetitionStepKind::Replied, r.secretary));
            })
            .await,
            Reason::PetitionStepOwn.message_id(),
        ),
        (
            forge::<Petition>(&server, &sec, p, None, |x| {
                x.steps
                    .push(step("s2", PetitionStepKind::Replied, r.supervisor));
            })
            .await,
            Reason::StepOwnName.message_id(),
        ),
        (
            forge::<Petition>(&server, &sec, p, None, |x| {
                x.steps
                    .push(step("s3", PetitionStepKind::Concluded, r.secretary));
                x.satisfied = Some(true);
            })
            .await,
            Reason::PetitionConcludedLast.message_id(),
        ),
    ] {
        refused_for(
            &upload(&server, &sec, p, vec![forged]).await,
            RejectReason::OutOfScope,
            &because,
        );
    }
    // …or the resident's visits truncated by one who wants the one-visit figure.
    sec.store.petition_visit(p).unwrap();
    sec.sync().await.unwrap();
    let forged = forge::<Petition>(&server, &sec, p, None, |x| x.visits.truncate(1)).await;
    refused(
        &upload(&server, &sec, p, vec![forged]).await,
        RejectReason::OutOfScope,
    );
    assert_eq!(stored::<Petition>(&server, p).await.visits.len(), 2);

    // The worker who did a request's work flips the residents' earlier verdict, or adds one
    // that no step logs.
    let k = community(&server, &r, dir.path()).await;
    let (w, c) = (&k.w, &k.c);
    let req = worked_request(&k).await;
    c.sync().await.unwrap();
    c.store
        .evaluate_request(
            req,
            Verdict {
                satisfied: false,
                comment: "还是不热".into(),
                residents: vec!["居民 王秀英".into()],
            },
        )
        .unwrap();
    c.sync().await.unwrap();
    w.sync().await.unwrap();
    let flipped = forge::<ResidentRequest>(&server, w, req, None, |x| {
        x.evaluations[0].satisfied = true;
    })
    .await;
    refused(
        &upload(&server, w, req, vec![flipped]).await,
        RejectReason::OutOfScope,
    );
    let unlogged = forge::<ResidentRequest>(&server, w, req, None, |x| {
        x.evaluations.push(Evaluation {
            id: "v2".into(),
            at: i64::MAX / 2,
            satisfied: true,
            comment: "满意".into(),
            residents: vec!["居民".into()],
        });
    })
    .await;
    refused(
        &upload(&server, w, req, vec![unlogged]).await,
        RejectReason::OutOfScope,
    );
    let held: ResidentRequest = stored(&server, req).await;
    assert_eq!(held.evaluations.len(), 1);
    assert!(!held.evaluations[0].satisfied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_logs_a_service_registers_or_checks_in_as_someone_else() {
    let (dir, server, r) = region().await.unwrap();
    let community = org(&server, "佳和社区党委", OrgKind::Community, Some(r.sumu)).await;
    let station = org(
        &server,
        "佳和红色驿站",
        OrgKind::RedStation,
        Some(community),
    )
    .await;
    let unit = org(
        &server,
        "旗税务局党支部",
        OrgKind::Institution,
        Some(r.league),
    )
    .await;
    let volunteer = user(
        &server,
        "志愿者 袁玲",
        community,
        &[(station, Role::Volunteer)],
    )
    .await;
    let resident_member = user(
        &server,
        "在职党员 巴图",
        community,
        &[(community, Role::Member)],
    )
    .await;
    let v = phone(&server, volunteer, dir.path(), "volunteer").await;
    let m = phone(&server, resident_member, dir.path(), "member").await;

    // A service logged in another volunteer's name.
    let posing = StationService::give(
        station.to_string(),
        StationOffer::HealthCheck,
        r.herder.to_string(),
        40,
        String::new(),
        1,
    )
    .unwrap();
    let id = Id::new();
    let change = forge_root(&server, &v, id, &posing).await;
    refused(
        &upload(&server, &v, id, vec![change]).await,
        RejectReason::OutOfScope,
    );

    // A member registers someone else; registering themselves is theirs to do.
    let other = CommunityRegistration::register(
        community.to_string(),
        unit.to_string(),
        Some(r.herder.to_string()),
        2026,
        1,
    )
    .unwrap();
    let id = Id::new();
    let change = forge_root(&server, &m, id, &other).await;
    refused(
        &upload(&server, &m, id, vec![change]).await,
        RejectReason::OutOfScope,
    );
    m.store
        .register_with_community(steppe_core::NewRegistration {
            community,
            unit,
            member: Some(resident_member),
            year: 2026,
        })
        .unwrap();
    assert_eq!(m.sync().await.unwrap().rejected, 0);

    // A member's check-in to a session long over, dressed as a mark.
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let course = sec
        .store
        .create_course(NewCourse {
            school: r.school,
            title: "党史".into(),
            topic: Topic::PartyTheory,
            lecturer: None,
        })
        .unwrap();
    let now = steppe_core::system_clock()();
    let past = sec
        .store
        .schedule_session(NewSession {
            course,
            starts_at: now - 5 * 86_400_000,
            minutes: 60,
            mode: SessionMode::OnSite,
            venue: "党校".into(),
        })
        .unwrap();
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();
    let me = r.herder.to_string();
    let forged = forge_dated::<Session>(&server, &herder, past, None, now, |s| {
        s.attendance.insert(me.clone(), Attendance::Present);
        s.recorded_at.insert(me.clone(), now);
        s.recorded_how.insert(me.clone(), MarkHow::Marked);
        s.recorded_by.insert(me.clone(), me.clone());
    })
    .await;
    refused(
        &upload(&server, &herder, past, vec![forged]).await,
        RejectReason::RuleViolation,
    );
    assert!(stored::<Session>(&server, past).await.attendance.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_records_stay_closed_and_a_secretary_cannot_appoint_the_branchs_supervisors() {
    use steppe_domain::evaluation::Grade;

    let (dir, server, r) = region().await.unwrap();
    let monitor = user(
        &server,
        "廉情监督员 其木格",
        r.gacha1,
        &[(r.gacha1, Role::IntegrityMonitor)],
    )
    .await;
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let mon = phone(&server, monitor, dir.path(), "monitor").await;

    // The secretary appoints the herder an integrity supervisor of their own branch.
    let forged = forge::<Person>(&server, &sec, r.herder, None, |p| {
        p.grant(&r.gacha1.to_string(), Role::IntegrityMonitor)
            .unwrap();
    })
    .await;
    refused(
        &upload(&server, &sec, r.herder, vec![forged]).await,
        RejectReason::OutOfScope,
    );

    // A finding answered is not rewritten by its supervisor.
    let f = mon
        .store
        .record_finding(NewFinding {
            village: r.gacha1,
            lens: Lens::Integrity,
            against: None,
            text: "账目未公开".into(),
        })
        .unwrap();
    mon.sync().await.unwrap();
    sec.sync().await.unwrap();
    sec.store.answer_finding(f, "已公开").unwrap();
    sec.sync().await.unwrap();
    mon.sync().await.unwrap();
    let forged = forge::<SupervisionFinding>(&server, &mon, f, None, |x| {
        x.text.splice(0, 0, "严重：");
    })
    .await;
    refused(
        &upload(&server, &mon, f, vec![forged]).await,
        RejectReason::OutOfScope,
    );

    // An evaluation whose result is recorded is closed, even to the member.
    let e = sec.store.open_evaluation(r.gacha1, r.herder, 2026).unwrap();
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();
    herder.store.assess_self(e, "自评").unwrap();
    herder.sync().await.unwrap();
    sec.sync().await.unwrap();
    sec.store.assess_mutually(e, "互评").unwrap();
    sec.store
        .record_votes(e, &[(Grade::Qualified, 9), (Grade::Excellent, 1)])
        .unwrap();
    sec.store.record_evaluation_result(e).unwrap();
    assert_eq!(sec.sync().await.unwrap().rejected, 0);
    herder.sync().await.unwrap();
    let forged = forge::<DemocraticEvaluation>(&server, &herder, e, None, |x| {
        x.self_assessment = Some("改写的自评".into());
    })
    .await;
    refused(
        &upload(&server, &herder, e, vec![forged]).await,
        RejectReason::OutOfScope,
    );

    // A board exists only for villages and communities.
    let resp = reqwest::get(format!("{}/public/{}", server.url(), r.school))
        .await
        .unwrap();
    assert_eq!(resp.status(), reqwest::StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_assessments_and_verdicts_are_taken_down_by_whom_the_rules_name() {
    use steppe_domain::evaluation::MutualAssessment;
    use steppe_domain::request::{RequestStep, StepEntry};
    use steppe_domain::service_review::ServiceReview;

    let (dir, server, r) = region().await.unwrap();
    let k = community(&server, &r, dir.path()).await;
    let resident = user(&server, "在职党员 巴图", k.id, &[(k.id, Role::Member)]).await;
    let m = phone(&server, resident, dir.path(), "member").await;
    // A member writes their own 双报告 report into the community's record.
    let mut own = ServiceReview::open(resident.to_string(), k.id.to_string(), 2026).unwrap();
    own.receive_report("全年服务 40 次".into(), 1).unwrap();
    let id = ServiceReview::id_for(&resident.to_string(), &k.id.to_string(), 2026);
    let change = forge_root(&server, &m, id, &own).await;
    refused_for(
        &upload(&server, &m, id, vec![change]).await,
        RejectReason::OutOfScope,
        &Reason::ReportByStaff.message_id(),
    );

    // A member assesses a colleague in a third member's name.
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let e = sec
        .store
        .open_evaluation(r.gacha1, r.mediator_a, 2026)
        .unwrap();
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();
    let forged = forge::<DemocraticEvaluation>(&server, &herder, e, None, |x| {
        x.mutual.push(MutualAssessment {
            id: "m1".into(),
            by: r.mediator_b.to_string(),
            text: "工作不积极".into(),
            at: 1,
        });
    })
    .await;
    refused_for(
        &upload(&server, &herder, e, vec![forged]).await,
        RejectReason::OutOfScope,
        // An entry in another's name is the committee's to enter (paper forms): a member's
        // change holding one needs the committee's action, which a member lacks.
        &Reason::ActionNotAllowedHere.message_id(),
    );
    herder.store.assess_mutually(e, "调解耐心").unwrap();
    assert_eq!(
        herder.sync().await.unwrap().rejected,
        0,
        "their own, in their name"
    );

    // A verdict that names no residents.
    let req = worked_request(&k).await;
    k.c.sync().await.unwrap();
    let forged = forge::<ResidentRequest>(&server, &k.c, req, None, |x| {
        x.history.push(StepEntry {
            id: "v1".into(),
            step: RequestStep::Evaluated,
            at: 9,
            by: "网格员 乌兰".into(),
            user: Some(k.collector.to_string()),
            note: "满意".into(),
        });
        x.step = RequestStep::Evaluated;
        x.evaluations.push(Evaluation {
            id: "v1".into(),
            at: 9,
            satisfied: true,
            comment: "满意".into(),
            residents: vec![" ".into()],
        });
    })
    .await;
    refused_for(
        &upload(&server, &k.c, req, vec![forged]).await,
        RejectReason::OutOfScope,
        &Reason::VerdictNamesResidents.message_id(),
    );
}
