//! A member's refused change reaches their supervisors as a notice (`RejectedUpload`), through a
//! real server over HTTP: in the member's own unit, visible to whoever reads it and nobody else,
//! written by the server alone, and bounded however many refused changes a modified phone sends.

use steppe_domain::household::Household;
use steppe_domain::rejection::{RefusalReason, RejectedUpload};
use steppe_domain::{Id, RecordKind};
use steppe_protocol::{DocChanges, RejectReason, SyncRequest};
use steppe_server::refusals::MAX_NEW_PER_UPLOAD;
use steppe_tests::harness::{Region, Server, herders_household, region, seed};
use steppe_tests::postgres::PostgresDatabase;

use crate::attacks::{first_sync, forge, forge_root, phone, refused, upload};
use crate::sync::{post, token_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_members_refused_change_reaches_their_supervisor_and_nobody_outside() {
    let (dir, server, r) = region().await.unwrap();
    reaches_the_supervisor(&dir, &server, &r).await;
}

/// The server's own user and device are rows like any other: PostgreSQL stores them too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_members_refused_change_reaches_their_supervisor() {
    let pg = PostgresDatabase::create().expect("start PostgreSQL (install postgresql; see README)");
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&pg.url, None).await.unwrap();
    let r = seed(server.storage()).await.unwrap();
    reaches_the_supervisor(&dir, &server, &r).await;
}

async fn reaches_the_supervisor(dir: &tempfile::TempDir, server: &Server, r: &Region) {
    let herder = phone(server, r.herder, dir.path(), "herder").await;
    let supervisor = phone(server, r.supervisor, dir.path(), "supervisor").await;
    let outsider = phone(server, r.outsider, dir.path(), "outsider").await;

    // A herder may check in, not register households: the server refuses it.
    let household = herder
        .store
        .register_household(herders_household(r.gacha1))
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!(report.rejected, 1);

    supervisor.sync().await.unwrap();
    let seen = supervisor.store.refused_uploads().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let n = &seen[0];
    assert_eq!(n.record, household);
    assert_eq!(n.record_kind, Some(RecordKind::Household));
    assert_eq!(n.reason, RefusalReason::OutOfScope);
    assert_eq!(n.user_name, "牧民党员 蒲玉梅");
    assert_eq!(n.org, r.gacha1, "the herder's own unit");
    assert_eq!(n.org_name.as_deref(), Some("巴音宝格德嘎查"));
    assert_eq!(n.changes, 1);
    // Its history names the server, not the member.
    let history = supervisor.store.history(n.id).unwrap();
    assert_eq!(history[0].user_name.as_deref(), Some("系统"));

    // Another branch's policeman reads nothing of gacha 1, notices included.
    outsider.sync().await.unwrap();
    assert!(outsider.store.refused_uploads().unwrap().is_empty());

    // Syncing again sends nothing new and counts nothing again.
    herder.sync().await.unwrap();
    supervisor.sync().await.unwrap();
    assert_eq!(supervisor.store.refused_uploads().unwrap()[0].changes, 1);

    // The operator's `refusals DEVICE` shows the same notice, and only that device's.
    let listed = steppe_server::admin::refusals_of(server.storage(), &herder.device_id)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].record, household.to_string());
    assert_eq!(listed[0].reason, RefusalReason::OutOfScope);
    assert!(
        steppe_server::admin::refusals_of(server.storage(), &supervisor.device_id)
            .await
            .unwrap()
            .is_empty()
    );
    // And its last-seen time: the herder's phone synced just now.
    let devices = server.storage().devices().await.unwrap();
    let seen = devices.iter().find(|d| d.id == herder.device_id).unwrap();
    assert!(seen.last_seen.is_some(), "{seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_phone_can_forge_a_notice_or_edit_one_away() {
    let (dir, server, r) = region().await.unwrap();
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    // The sumu's secretary holds every action but managing organisations on the whole sumu.
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;

    // A notice written from scratch, blaming the herder for something she never sent.
    let fake = RejectedUpload {
        org: r.gacha1.to_string(),
        user: r.herder.to_string(),
        user_name: "牧民党员 蒲玉梅".into(),
        device: "herder".into(),
        device_name: "手机".into(),
        record: Id::new().to_string(),
        record_kind: None,
        reason: RefusalReason::RuleViolation,
        detail: "forged".into(),
        first_at: 1,
        last_at: 1,
        changes: 5,
    };
    let id = Id::new();
    let change = forge_root(&server, &sec, id, &fake).await;
    refused(
        &upload(&server, &sec, id, vec![change]).await,
        RejectReason::OutOfScope,
    );
    assert!(
        server
            .storage()
            .doc_scope(*id.as_bytes())
            .await
            .unwrap()
            .is_none()
    );

    // A real notice, then the secretary tries to clear it.
    herder
        .store
        .register_household(herders_household(r.gacha1))
        .unwrap();
    herder.sync().await.unwrap();
    sec.sync().await.unwrap();
    let notice = sec.store.refused_uploads().unwrap().remove(0);
    let before = server
        .storage()
        .doc_changes(*notice.id.as_bytes())
        .await
        .unwrap();
    let edit = forge::<RejectedUpload>(&server, &sec, notice.id, None, |n| {
        n.detail = "已处理".into();
        n.org = r.gacha2.to_string();
    })
    .await;
    refused(
        &upload(&server, &sec, notice.id, vec![edit]).await,
        RejectReason::OutOfScope,
    );
    assert_eq!(
        server
            .storage()
            .doc_changes(*notice.id.as_bytes())
            .await
            .unwrap(),
        before
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_refused_records_leaves_a_bounded_number_of_notices() {
    let (dir, server, r) = region().await.unwrap();
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let supervisor = phone(&server, r.supervisor, dir.path(), "supervisor").await;
    let mut groups = Vec::new();
    for i in 0..3 * MAX_NEW_PER_UPLOAD {
        let id = Id::new();
        let h =
            Household::register(r.gacha1.to_string(), format!("{i}号"), "户主".into(), 1).unwrap();
        groups.push(DocChanges {
            doc: Some(*id.as_bytes()),
            changes: vec![forge_root(&server, &herder, id, &h).await],
        });
    }
    let req = SyncRequest {
        upload: groups.clone(),
        upload_through: 1,
        ..first_sync(1 << 20)
    };
    let resp = post(&server.url(), &token_of(&herder), &req).await;
    assert_eq!(
        resp.rejected.len(),
        3 * MAX_NEW_PER_UPLOAD,
        "every change refused"
    );
    // The same again at once: still refused, nothing new noted, nothing counted again.
    let again = post(
        &server.url(),
        &token_of(&herder),
        &SyncRequest {
            upload_through: 2,
            ..req
        },
    )
    .await;
    assert_eq!(again.rejected.len(), 3 * MAX_NEW_PER_UPLOAD);

    supervisor.sync().await.unwrap();
    let notices = supervisor.store.refused_uploads().unwrap();
    assert_eq!(
        notices.len(),
        2 * MAX_NEW_PER_UPLOAD,
        "a few new notices per upload"
    );
    assert!(notices.iter().all(|n| n.changes == 1));
    assert!(
        notices
            .iter()
            .all(|n| n.record_kind == Some(RecordKind::Household)),
        "a new record's kind as its changes claim it"
    );
}
