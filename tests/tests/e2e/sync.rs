//! Devices editing offline and converging; failures of the link and the server.

use std::time::Duration;

use steppe_core::{NewCase, NewCourse, NewSession, SyncReport};
use steppe_domain::course::{SessionMode, Topic};
use steppe_domain::mediation::{CaseCategory, MediationCase, Outcome};
use steppe_protocol::{self as proto, Compression, Limits, SyncRequest};
use steppe_tests::harness::{Phone, mediator_with_cases, region, village_case};

fn now() -> i64 {
    steppe_core::system_clock()()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_devices_edit_offline_and_converge() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "mediator-a")
        .await
        .unwrap();
    let b = Phone::enroll(&server, r.mediator_b, dir.path(), "mediator-b")
        .await
        .unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    let secretary = Phone::enroll(&server, r.secretary, dir.path(), "secretary")
        .await
        .unwrap();
    let supervisor = Phone::enroll(&server, r.supervisor, dir.path(), "supervisor")
        .await
        .unwrap();
    for p in [&a, &b, &herder, &secretary, &supervisor] {
        p.sync().await.unwrap();
    }

    // Mediator A opens a case at the herder's door and syncs; B picks it up.
    let case = a
        .store
        .open_case(NewCase {
            branch: r.branch1,
            category: CaseCategory::PastureBoundary,
            place: "前进村".into(),
            description: "草场围栏争议".into(),
            parties: vec!["甲户".into(), "乙户".into()],
            mediators: vec!["巴特尔".into()],
        })
        .unwrap();
    let up = a.sync().await.unwrap();
    assert_eq!((up.sent, up.rejected), (1, 0));
    b.sync().await.unwrap();
    assert_eq!(b.store.get::<MediationCase>(case).unwrap().parties.len(), 2);

    // Both work offline for days: notes, a visit, and two different closings.
    a.store.add_case_note(case, "甲户陈述").unwrap();
    b.store.add_case_visit(case, "查看确权图").unwrap();
    b.store.add_case_note(case, "乙户陈述").unwrap();
    a.store
        .close_case(case, Outcome::Agreement, Some("按确权图恢复围栏"))
        .unwrap();
    b.store
        .close_case(case, Outcome::Referred, Some("司法所"))
        .unwrap();

    // The secretary schedules this week's session at the sumu's school; the herder checks in.
    let course = secretary
        .store
        .create_course(NewCourse {
            school: r.school,
            title: "骆驼养殖技术".into(),
            topic: Topic::PracticalSkills,
            lecturer: None,
        })
        .unwrap();
    let session = secretary
        .store
        .schedule_session(NewSession {
            course,
            starts_at: now() - 600_000,
            minutes: 90,
            mode: SessionMode::OnSite,
            venue: "牧户棚圈".into(),
        })
        .unwrap();
    secretary.sync().await.unwrap();
    herder.sync().await.unwrap();
    let week = steppe_domain::clock::week_start(now());
    let schedule = herder
        .store
        .schedule_for(r.herder, week - 7 * 86_400_000, week + 14 * 86_400_000)
        .unwrap();
    assert!(
        schedule.iter().any(|s| s.id == session),
        "the herder sees the school's session"
    );
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();

    // Reconnect in a scrambled order, twice round so everyone hears everyone.
    let phones = [&b, &herder, &a, &supervisor, &secretary];
    for _ in 0..2 {
        for p in phones {
            p.sync().await.unwrap();
        }
    }
    let ja = a.store.record_json(case).unwrap();
    assert_eq!(ja, b.store.record_json(case).unwrap());
    assert_eq!(ja, supervisor.store.record_json(case).unwrap());
    let merged: MediationCase = a.store.get(case).unwrap();
    assert_eq!(merged.timeline.len(), 3, "every note and visit survived");
    let conflicts = supervisor.store.conflicts(Some(case)).unwrap();
    let outcome = conflicts
        .iter()
        .find(|c| c.key == "outcome")
        .expect("the two closings are a visible conflict");
    let names: Vec<String> = outcome
        .candidates
        .iter()
        .filter_map(|c| c.user_name.clone())
        .collect();
    assert!(
        names.contains(&"民警 巴特尔".to_string()) && names.contains(&"书记 乌兰".to_string()),
        "{names:?}"
    );

    // Attendance reached the secretary; the herder's archive counts it.
    assert_eq!(
        secretary
            .store
            .sessions_of_school(r.school, week - 7 * 86_400_000, week + 14 * 86_400_000)
            .unwrap()[0]
            .present,
        1
    );
    let archive = herder
        .store
        .training_archive(r.herder, steppe_domain::clock::year_of(now() - 600_000))
        .unwrap();
    assert_eq!(archive.sessions, 1);

    // An idle reconnect moves nothing: not even the cursor.
    let cursor = a.store.sync_cursor().unwrap();
    let idle = a.sync().await.unwrap();
    assert_eq!(
        idle,
        SyncReport {
            round_trips: 1,
            cursor,
            ..SyncReport::default()
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_response_or_a_retried_request_duplicates_nothing() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    a.sync().await.unwrap();
    let case = a
        .store
        .open_case(NewCase {
            branch: r.branch1,
            category: CaseCategory::Debt,
            place: "村部".into(),
            description: "借款".into(),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec![],
        })
        .unwrap();
    a.store.add_case_note(case, "n1").unwrap();
    // Send the upload but "lose" the response: never apply it on the phone.
    let req = a.store.sync_request(1 << 20).unwrap();
    let token = token_of(&a);
    let first = post(&server.url(), &token, &req).await;
    assert_eq!(first.acked_through, req.upload_through);
    let head = server.storage().head().await.unwrap();
    // The phone retries the same request; then syncs normally.
    let again = post(&server.url(), &token, &req).await;
    assert!(again.rejected.is_empty());
    assert_eq!(
        server.storage().head().await.unwrap(),
        head,
        "the retry stored nothing twice"
    );
    let report = a.sync().await.unwrap();
    assert_eq!(report.rejected, 0);
    assert_eq!(a.store.pending_uploads().unwrap(), 0);
    assert_eq!(server.storage().head().await.unwrap(), head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_mid_sync_loses_and_duplicates_nothing() {
    let (dir, mut server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    a.sync().await.unwrap();
    let base = server.storage().head().await.unwrap();
    let mut cases = Vec::new();
    for i in 0..300 {
        let c = a
            .store
            .open_case(village_case(
                r.branch1,
                CaseCategory::Neighbours,
                format!("纠纷{i}"),
            ))
            .unwrap();
        a.store.add_case_note(c, "记录").unwrap();
        cases.push(c);
    }
    // Start a big sync and kill the server while it runs.
    let store = a.store.clone();
    let client = a.client.clone().with_retries(0, Duration::from_millis(10));
    let in_flight = tokio::spawn(async move { client.sync(&store, None).await });
    tokio::time::sleep(Duration::from_millis(30)).await;
    server.crash_and_restart().await.unwrap();
    let _ = in_flight.await.unwrap(); // may have failed or finished: either way nothing may be lost
    a.sync().await.unwrap();
    assert_eq!(
        a.store.pending_uploads().unwrap(),
        0,
        "every change is settled after the restart"
    );
    sup.sync().await.unwrap();
    let listed = sup.store.cases(r.branch1, None, 1000, 0).unwrap();
    assert_eq!(
        listed.len(),
        300,
        "the supervisor has every case exactly once"
    );
    assert!(listed.iter().all(|c| c.entries == 1));
    assert_eq!(
        server.storage().head().await.unwrap(),
        base + 600,
        "no change stored twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_sync_is_paged_and_resumes_where_it_stopped() {
    let (dir, server, r) = region().await.unwrap();
    let _a = mediator_with_cases(&server, &r, dir.path(), 200)
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    // Ask for tiny pages by hand: one response streams several; apply two of them, then "lose
    // the connection".
    let token = token_of(&sup);
    let mut req = sup.store.sync_request(0).unwrap();
    req.page_bytes = 1;
    let frames = post_frames(&server.url(), &token, &req).await;
    assert!(frames.len() > 2, "one request streams many small pages");
    for resp in &frames[..2] {
        assert!(resp.more, "a small page leaves more");
        sup.store.apply_sync_response(resp).unwrap();
    }
    let cursor = sup.store.sync_cursor().unwrap();
    assert!(cursor > 0);
    let partial = sup.store.cases(r.branch1, None, 1000, 0).unwrap().len();
    assert!(partial < 200);
    // Reconnect: the sync resumes from the saved cursor and completes.
    let report = sup.sync().await.unwrap();
    assert_eq!(
        sup.store.cases(r.branch1, None, 1000, 0).unwrap().len(),
        200
    );
    assert_eq!(
        report.received as usize,
        200 - partial,
        "the resumed sync fetched only what was missing"
    );
}

pub fn token_of(p: &Phone) -> String {
    p.client.token().to_string()
}

/// One exchange whose response is a single frame (nothing left to page through).
pub async fn post(url: &str, token: &str, req: &SyncRequest) -> proto::SyncResponse {
    let mut frames = post_frames(url, token, req).await;
    assert_eq!(frames.len(), 1, "a small exchange is one frame");
    frames.remove(0)
}

/// Every frame of one exchange's response.
pub async fn post_frames(url: &str, token: &str, req: &SyncRequest) -> Vec<proto::SyncResponse> {
    let body = proto::encode_request(req, Compression::None).unwrap();
    let resp = reqwest::Client::new()
        .post(format!("{url}{}", proto::SYNC_PATH))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    proto::split_frames(&resp.bytes().await.unwrap(), &Limits::default())
        .unwrap()
        .iter()
        .map(|f| f.decode().unwrap())
        .collect()
}
