//! Who sees and writes what: scope by the organisation tree, refused writes kept and flagged,
//! actors bound to devices, revocation, bad requests.

use steppe_core::{NewCase, NewCourse, NewHousehold, NewSession};
use steppe_domain::authz::Role;
use steppe_domain::course::{SessionMode, Topic};
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_protocol::{self as proto, RejectReason, SyncRequest};
use steppe_server::admin;
use steppe_tests::harness::{Phone, debt_case, region, village_case};

use crate::sync::{post, token_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_sees_both_branches_and_another_branch_sees_nothing() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let other = Phone::enroll(&server, r.outsider, dir.path(), "other")
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    a.sync().await.unwrap();
    other.sync().await.unwrap();
    for i in 0..3 {
        a.store
            .open_case(village_case(
                r.branch1,
                CaseCategory::Neighbours,
                format!("一支部纠纷{i}"),
            ))
            .unwrap();
    }
    for i in 0..2 {
        other
            .store
            .open_case(village_case(
                r.branch2,
                CaseCategory::Debt,
                format!("二支部纠纷{i}"),
            ))
            .unwrap();
    }
    a.sync().await.unwrap();
    other.sync().await.unwrap();
    sup.sync().await.unwrap();
    herder.sync().await.unwrap();
    a.sync().await.unwrap();
    other.sync().await.unwrap();
    assert_eq!(sup.store.cases(r.branch1, None, 100, 0).unwrap().len(), 3);
    assert_eq!(sup.store.cases(r.branch2, None, 100, 0).unwrap().len(), 2);
    assert!(
        other
            .store
            .cases(r.branch1, None, 100, 0)
            .unwrap()
            .is_empty(),
        "another branch sees nothing of branch 1"
    );
    assert!(a.store.cases(r.branch2, None, 100, 0).unwrap().is_empty());
    assert!(
        herder
            .store
            .cases(r.branch1, None, 100, 0)
            .unwrap()
            .is_empty(),
        "a member of the gacha does not read the police branch"
    );
    // The supervisor reads people below the sumu; the outsider reads nobody of gacha 1.
    assert!(!sup.store.people_of(r.gacha1).unwrap().is_empty());
    assert!(other.store.people_of(r.gacha1).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_scope_and_forbidden_writes_are_rejected_and_kept_flagged() {
    let (dir, server, r) = region().await.unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    sup.sync().await.unwrap();
    // A member may not write mediation cases; a supervisor only reads.
    let case = herder
        .store
        .open_case(NewCase {
            branch: r.gacha1,
            category: CaseCategory::Family,
            place: "家".into(),
            description: "家庭纠纷".into(),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec![],
        })
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!(report.rejected, 1);
    let rejected = herder.store.rejected_changes().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].doc, case);
    assert!(rejected[0].reason.contains("OutOfScope"), "{rejected:?}");
    assert!(
        herder
            .store
            .get::<steppe_domain::mediation::MediationCase>(case)
            .is_ok(),
        "the device keeps what it wrote"
    );
    assert_eq!(
        herder.store.pending_uploads().unwrap(),
        0,
        "a rejected change is not retried forever"
    );
    let req = sup.store.sync_request(1 << 20).unwrap();
    assert!(req.upload.is_empty());
    let hh = sup
        .store
        .register_household(NewHousehold {
            grid: r.gacha1,
            address: "1号".into(),
            head: "户主".into(),
            size: 2,
            tags: vec![],
        })
        .unwrap();
    let report = sup.sync().await.unwrap();
    assert_eq!(report.rejected, 1);
    assert_eq!(sup.store.rejected_changes().unwrap()[0].doc, hh);
    // Nobody else ever receives the refused records.
    let other = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    other.sync().await.unwrap();
    assert!(other.store.record_json(case).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_by_another_actor_is_refused() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let b = Phone::enroll(&server, r.mediator_b, dir.path(), "b")
        .await
        .unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let case = debt_case(&a.store, r.branch1).unwrap();
    let stolen = a.store.sync_request(1 << 20).unwrap().upload;
    assert_eq!(stolen.len(), 1);
    // B uploads A's change as if it were its own.
    let req = SyncRequest {
        cursor: 0,
        scope: [0; 8],
        upload: stolen,
        upload_through: 1,
        page_bytes: 1 << 16,
        want: vec![],
    };
    let resp = post(&server.url(), &token_of(&b), &req).await;
    assert_eq!(resp.rejected.len(), 1);
    assert_eq!(resp.rejected[0].reason, RejectReason::ForeignActor);
    assert_eq!(resp.rejected[0].doc, *case.as_bytes());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_checks_in_but_cannot_mark_others_and_sees_the_schools_courses() {
    let (dir, server, r) = region().await.unwrap();
    let sec = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    sec.sync().await.unwrap();
    let course = sec
        .store
        .create_course(NewCourse {
            school: r.school,
            title: "形势政策".into(),
            topic: Topic::SituationPolicy,
            lecturer: None,
        })
        .unwrap();
    let now = steppe_core::system_clock()();
    let session = sec
        .store
        .schedule_session(NewSession {
            course,
            starts_at: now - 60_000,
            minutes: 60,
            mode: SessionMode::Online,
            venue: "驼乡e站".into(),
        })
        .unwrap();
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .check_in(session, SessionMode::Online, None)
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!(
        (report.sent, report.rejected),
        (1, 0),
        "checking oneself in is allowed"
    );
    // Give the herder a lecturer's role locally only: the server still refuses marking others.
    herder
        .store
        .grant_role(r.herder, r.school, Role::Lecturer)
        .unwrap();
    herder
        .store
        .mark_attendance(
            session,
            r.mediator_a,
            steppe_domain::course::Attendance::Present,
        )
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!(
        report.rejected, 2,
        "the self-granted role and the marking are both refused"
    );
    sec.sync().await.unwrap();
    let s = &sec
        .store
        .sessions_of_school(r.school, now - 86_400_000, now + 86_400_000)
        .unwrap()[0];
    assert_eq!(s.present, 1, "only the herder's own check-in arrived");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_devices_and_bad_requests_are_refused() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    a.sync().await.unwrap();
    assert!(server.storage().revoke_device(&a.device_id).await.unwrap());
    let err = a.sync().await.unwrap_err();
    assert!(matches!(err, steppe_client::SyncError::Revoked), "{err:?}");
    // A user revoked: every device of theirs is refused; new enrollment codes do not work.
    let b = Phone::enroll(&server, r.mediator_b, dir.path(), "b")
        .await
        .unwrap();
    server
        .storage()
        .revoke_user(&r.mediator_b.to_string())
        .await
        .unwrap();
    assert!(matches!(
        b.sync().await.unwrap_err(),
        steppe_client::SyncError::Revoked
    ));
    // A used code is refused.
    let code = admin::issue_code(server.storage(), r.herder, 1)
        .await
        .unwrap();
    steppe_client::enroll(&server.url(), &code, "p1")
        .await
        .unwrap();
    assert!(matches!(
        steppe_client::enroll(&server.url(), &code, "p2")
            .await
            .unwrap_err(),
        steppe_client::SyncError::Unauthorized(_)
    ));
    // Wrong token, malformed body, oversized body.
    let http = reqwest::Client::new();
    let sync_url = format!("{}{}", server.url(), proto::SYNC_PATH);
    let wrong = http
        .post(&sync_url)
        .bearer_auth(format!("{}.deadbeef", a.device_id))
        .body(vec![1u8])
        .send()
        .await
        .unwrap();
    assert_eq!(
        wrong.status(),
        403,
        "a revoked device stays refused whatever the token"
    );
    let c = Phone::enroll(&server, r.secretary, dir.path(), "c")
        .await
        .unwrap();
    let wrong = http
        .post(&sync_url)
        .bearer_auth(format!("{}.deadbeef", c.device_id))
        .body(vec![1u8])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let garbage = http
        .post(&sync_url)
        .bearer_auth(token_of(&c))
        .body(vec![1u8, 0xff, 0xff, 0xff])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    let huge = http
        .post(&sync_url)
        .bearer_auth(token_of(&c))
        .body(vec![0u8; 9 << 20])
        .send()
        .await;
    // The server refuses past the limit without reading the rest: the client sees the 413, or,
    // if it is still writing when the server closes, a broken pipe. Either way nothing was read.
    match huge {
        Ok(r) => assert_eq!(r.status(), 413),
        Err(e) => assert!(
            e.is_request() && format!("{e:?}").contains("BodyWrite"),
            "{e:?}"
        ),
    }
    let bomb = zstd::stream::encode_all(vec![0u8; 48 << 20].as_slice(), 3).unwrap();
    assert!(bomb.len() < 64 << 10);
    let resp = http
        .post(&sync_url)
        .bearer_auth(token_of(&c))
        .header("content-encoding", "zstd")
        .body(bomb)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        400,
        "a compression bomb stops at the decoded limit"
    );
    let deflated = {
        use std::io::Write;
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&[0u8; 1024]).unwrap();
        enc.finish().unwrap()
    };
    let resp = http
        .post(&sync_url)
        .bearer_auth(token_of(&c))
        .header("content-encoding", "deflate")
        .body(deflated)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415, "an encoding the server does not speak");
    // The server still serves others.
    c.sync().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_role_brings_the_records_already_there_and_incomplete_records_are_completed() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let other = Phone::enroll(&server, r.outsider, dir.path(), "other")
        .await
        .unwrap();
    let sec = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    a.sync().await.unwrap();
    let old = a
        .store
        .open_case(village_case(
            r.branch1,
            CaseCategory::PastureBoundary,
            "草场边界",
        ))
        .unwrap();
    a.store.add_case_note(old, "第一次调解").unwrap();
    a.sync().await.unwrap();
    other.sync().await.unwrap();
    sec.sync().await.unwrap();
    assert!(
        other
            .store
            .cases(r.branch1, None, 10, 0)
            .unwrap()
            .is_empty()
    );
    let cursor_before = other.store.sync_cursor().unwrap();
    assert!(cursor_before > 0);

    // The sumu's secretary makes the branch-2 policeman a mediator of branch 1 too.
    sec.store
        .grant_role(r.outsider, r.branch1, Role::Mediator)
        .unwrap();
    assert_eq!(sec.sync().await.unwrap().rejected, 0);
    // The case was written before the outsider's cursor: only a rescan of the new scope brings it.
    other.sync().await.unwrap();
    let seen = other.store.cases(r.branch1, None, 10, 0).unwrap();
    assert_eq!(seen.len(), 1, "the records of the new branch arrive");
    assert_eq!(
        other
            .store
            .get::<MediationCase>(old)
            .unwrap()
            .timeline
            .len(),
        1
    );
    // Once caught up, an idle sync is idle again.
    let idle = other.sync().await.unwrap();
    assert_eq!((idle.received, idle.round_trips), (0, 1));

    // A device that holds a record incomplete asks for its history by id, at any cursor; an
    // out-of-scope record and an id that does not exist get the same answer: nothing.
    let caught_up = other.store.sync_request(1 << 20).unwrap();
    assert!(caught_up.want.is_empty());
    let foreign = other
        .store
        .open_case(village_case(r.branch2, CaseCategory::Debt, "二支部的案件"))
        .unwrap();
    other.sync().await.unwrap();
    let ask = |want: Vec<[u8; 16]>| SyncRequest {
        want,
        ..a.store.sync_request(1 << 20).unwrap()
    };
    a.sync().await.unwrap();
    let resp = post(
        &server.url(),
        &token_of(&other),
        &SyncRequest {
            want: vec![*old.as_bytes()],
            ..other.store.sync_request(1 << 20).unwrap()
        },
    )
    .await;
    assert_eq!(resp.changes.len(), 1);
    assert_eq!(
        resp.changes[0].doc, None,
        "the history starts at the root: no id needed"
    );
    assert_eq!(resp.changes[0].changes.len(), 2);
    let out_of_scope = post(
        &server.url(),
        &token_of(&a),
        &ask(vec![*foreign.as_bytes()]),
    )
    .await;
    let unknown = post(&server.url(), &token_of(&a), &ask(vec![[9; 16]])).await;
    assert!(out_of_scope.changes.is_empty() && unknown.changes.is_empty());
    assert_eq!(out_of_scope, unknown);

    // The device side: a later change alone leaves the record incomplete and listed as wanted;
    // the next sync completes it and clears the list.
    a.store.add_case_note(old, "回访").unwrap();
    let held: Vec<_> = other.store.export_changes(old).unwrap();
    let late: Vec<_> = a
        .store
        .export_changes(old)
        .unwrap()
        .into_iter()
        .filter(|c| !held.iter().any(|o| o.bytes == c.bytes))
        .collect();
    assert_eq!(late.len(), 1);
    let b = Phone::enroll(&server, r.mediator_b, dir.path(), "b")
        .await
        .unwrap();
    let report = b.store.apply_remote(&[], &late).unwrap();
    assert_eq!(report.incomplete_docs, 1, "held without its history");
    assert!(b.store.get::<MediationCase>(old).is_err());
    assert_eq!(
        b.store.sync_request(1 << 20).unwrap().want,
        vec![*old.as_bytes()]
    );
    b.sync().await.unwrap();
    assert_eq!(
        b.store.get::<MediationCase>(old).unwrap().timeline.len(),
        2,
        "the history arrived and completed the record"
    );
    assert!(b.store.sync_request(1 << 20).unwrap().want.is_empty());
}

/// Every occurrence of `needle` in the store's files (database, write-ahead log).
fn occurrences(db: &std::path::Path, needle: &str) -> usize {
    let mut found = 0;
    for suffix in ["", "-wal"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        found += bytes
            .windows(needle.len())
            .filter(|w| *w == needle.as_bytes())
            .count();
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_role_purges_the_branch_from_the_phone_to_the_last_byte() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let other = Phone::enroll(&server, r.outsider, dir.path(), "other")
        .await
        .unwrap();
    let sec = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    for p in [&a, &other, &sec] {
        p.sync().await.unwrap();
    }
    const CANARY: &str = "CANARY-7f3a-草场边界";
    let case = a
        .store
        .open_case(village_case(
            r.branch1,
            CaseCategory::PastureBoundary,
            CANARY,
        ))
        .unwrap();
    a.sync().await.unwrap();
    let own = other
        .store
        .open_case(village_case(
            r.branch2,
            CaseCategory::Debt,
            "二支部自己的案件",
        ))
        .unwrap();
    other.sync().await.unwrap();

    // For a while the branch-2 policeman also mediates for branch 1.
    sec.store
        .grant_role(r.outsider, r.branch1, Role::Mediator)
        .unwrap();
    sec.sync().await.unwrap();
    other.sync().await.unwrap();
    assert!(other.store.get::<MediationCase>(case).is_ok());
    let db = other.store.path().to_path_buf();
    assert!(
        occurrences(&db, CANARY) > 0,
        "the canary is on the phone while the role lasts"
    );

    // The role ends: on the next sync branch 1 leaves the phone, to the last byte.
    sec.store
        .revoke_role(r.outsider, r.branch1, Role::Mediator)
        .unwrap();
    sec.sync().await.unwrap();
    let report = other.sync().await.unwrap();
    assert!(report.purged >= 1, "{report:?}");
    assert!(other.store.get::<MediationCase>(case).is_err());
    assert!(
        other
            .store
            .cases(r.branch1, None, 10, 0)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        occurrences(&db, CANARY),
        0,
        "nothing in the database, free pages or WAL"
    );
    // What is still in scope stays, and the phone keeps syncing.
    assert!(other.store.get::<MediationCase>(own).is_ok());
    other.store.add_case_note(own, "回访").unwrap();
    assert_eq!(other.sync().await.unwrap().sent, 1);
}

/// A mediator's person record belongs to their gacha, their role to a police–village branch: the
/// phone still receives that one record (their name and roles), keeps it through purges, and
/// reads nothing else of the gacha.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_user_reads_their_own_person_record_and_nothing_else_of_its_unit() {
    use steppe_domain::person::Person;

    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let sec = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    a.sync().await.unwrap();
    sec.sync().await.unwrap();
    let roles = a.store.roles_of(r.mediator_a).unwrap();
    assert_eq!(
        roles.iter().map(|x| (x.org, x.role)).collect::<Vec<_>>(),
        vec![(r.branch1, Role::Mediator)]
    );
    assert_eq!(
        a.store.get::<Person>(r.mediator_a).unwrap().name,
        "民警 巴特尔"
    );
    assert!(
        a.store.get::<Person>(r.herder).is_err(),
        "another member of the same gacha stays unread"
    );

    // A second role, then its removal: the scope changes twice, the phone purges, and its own
    // record stays with the roles as they now are.
    sec.store
        .grant_role(r.mediator_a, r.branch2, Role::Mediator)
        .unwrap();
    sec.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_eq!(a.store.roles_of(r.mediator_a).unwrap().len(), 2);
    sec.store
        .revoke_role(r.mediator_a, r.branch2, Role::Mediator)
        .unwrap();
    sec.sync().await.unwrap();
    let report = a.sync().await.unwrap();
    assert!(report.purged >= 1, "branch 2's records left: {report:?}");
    assert_eq!(
        a.store
            .roles_of(r.mediator_a)
            .unwrap()
            .iter()
            .map(|x| x.org)
            .collect::<Vec<_>>(),
        vec![r.branch1]
    );
}
