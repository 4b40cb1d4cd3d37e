//! Bundle files carried where there is no signal (issue 17, ADR 0011): a herder's phone that
//! never reaches the server again after its first sync hands its check-in over in a file; the
//! server imports it as that phone's sync only when the file and every change are signed by the
//! key the phone registered; the server's own signed bundle brings a unit's new sessions to a
//! phone without a network. Every forgery an insider with a modified phone or a text editor
//! could make is refused whole.

use steppe_core::{CoreError, Steppe};
use steppe_domain::Id;
use steppe_domain::course::{Attendance, SessionMode};
use steppe_protocol::bundle::{BundleBody, BundleError, read_bundle, write_bundle};
use steppe_protocol::signing::{CertificateRequest, CertificateResponse, SecretKey};
use steppe_protocol::{self as proto};
use steppe_server::bundles::{self, ImportError};
use steppe_server::identity::ServerKey;
use steppe_tests::harness::{Phone, Region, Server, region, secretary_with_a_session_now};

fn now() -> i64 {
    steppe_core::system_clock()()
}

async fn a_session_now(server: &Server, r: &Region, dir: &std::path::Path) -> (Phone, Id) {
    secretary_with_a_session_now(server, r, dir).await.unwrap()
}

fn present(store: &Steppe, session: Id, member: Id) -> bool {
    store
        .session_roll(session)
        .unwrap()
        .iter()
        .any(|e| e.member == member && e.attendance == Attendance::Present)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_herders_check_in_reaches_the_server_in_a_carried_file() {
    let (dir, server, r) = region().await.unwrap();
    let (_sec, session) = a_session_now(&server, &r, dir.path()).await;
    // Enrolled and synced once at the township, where there is signal: certified.
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    let cert = herder
        .store
        .certificate()
        .unwrap()
        .expect("certified by its sync");
    assert_eq!(cert.device_id, herder.device_id);
    assert!(cert.expires_at > now() + 29 * 86_400_000, "a month ahead");
    assert!(cert.readable.contains(r.gacha1.as_bytes()));

    // In the pasture: the check-in, written to a file the secretary carries to the township.
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    let file = herder.store.export_bundle().unwrap();
    assert_eq!(file.changes, 1);
    let done = bundles::import(server.storage(), &file.bytes, now())
        .await
        .unwrap();
    assert_eq!((done.applied, done.already, done.rejected), (1, 0, 0));
    assert_eq!(done.device_id, herder.device_id);
    // Carried twice (or by two people): nothing more happens.
    let again = bundles::import(server.storage(), &file.bytes, now())
        .await
        .unwrap();
    assert_eq!((again.applied, again.already, again.rejected), (0, 1, 0));

    // The supervisor sees the check-in, written by the herder's own device.
    let supervisor = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    supervisor.sync().await.unwrap();
    assert!(present(&supervisor.store, session, r.herder));
    let last = supervisor.store.history(session).unwrap().pop().unwrap();
    assert_eq!(last.device_name.as_deref(), Some("herder"));
    assert_eq!(last.user_name.as_deref(), Some("牧民党员 蒲玉梅"));

    // Back in signal, the herder's phone learns the server already holds it.
    assert_eq!(herder.store.pending_uploads().unwrap(), 1);
    let report = herder.sync().await.unwrap();
    assert_eq!(report.rejected, 0);
    assert_eq!(herder.store.pending_uploads().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_damaged_and_revoked_bundles_are_refused_whole() {
    let (dir, server, r) = region().await.unwrap();
    let (sec, session) = a_session_now(&server, &r, dir.path()).await;
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    let genuine = herder.store.export_bundle().unwrap().bytes;
    let refused = |bytes: Vec<u8>| {
        let storage = server.storage.clone();
        async move {
            bundles::import(storage.as_ref(), &bytes, now())
                .await
                .unwrap_err()
        }
    };

    // A byte altered anywhere: refused, whatever the byte.
    for at in [genuine.len() / 3, genuine.len() / 2, genuine.len() - 5] {
        let mut bent = genuine.clone();
        bent[at] ^= 0x20;
        assert!(
            matches!(refused(bent).await, ImportError::Bundle(_)),
            "byte {at}"
        );
    }
    // The secretary re-signs the herder's bundle with a key of her own making: not the key the
    // herder's device registered.
    let BundleBody::Device(body) = read_bundle(&genuine).unwrap().body else {
        panic!("a device bundle")
    };
    let forger = SecretKey::generate().unwrap();
    let forged = write_bundle(&BundleBody::Device(body.clone()), &forger).unwrap();
    assert!(matches!(
        refused(forged).await,
        ImportError::Bundle(BundleError::BadSignature)
    ));
    // A modified app on a second phone of the secretary's registers that key as its own
    // (through the certificate endpoint, with its genuine token) and claims the herder's change
    // as its device's: every signature checks out, and the change's author is still the
    // herder's actor, not the secretary's device's — refused as a sync would refuse it.
    let sec2 = Phone::enroll(&server, r.secretary, dir.path(), "sec2")
        .await
        .unwrap();
    let registered = present_key(&server, Some(sec2.client.token()), key_of(&forger)).await;
    assert_eq!(registered, 200);
    let mut as_secretary = body.clone();
    as_secretary.device_id = sec2.device_id.clone();
    for s in &mut as_secretary.signatures {
        *s = serde_bytes::ByteBuf::from(sign_change_of(&as_secretary.changes, &forger));
    }
    let stitched = write_bundle(&BundleBody::Device(as_secretary), &forger).unwrap();
    let done = bundles::import(server.storage(), &stitched, now())
        .await
        .unwrap();
    assert_eq!(
        (done.applied, done.rejected),
        (0, 1),
        "a foreign actor's change"
    );
    // A change signature that is not over the change: refused whole.
    let mut bent = body.clone();
    bent.signatures[0] = serde_bytes::ByteBuf::from(vec![7; 64]);
    let herder_key_unknown = write_bundle(&BundleBody::Device(bent), &forger).unwrap();
    assert!(matches!(
        refused(herder_key_unknown).await,
        ImportError::Bundle(_)
    ));
    // Another unit's file, or the server's own bundle, is not a phone's bundle.
    let key = ServerKey::default().get(server.storage()).await.unwrap();
    let (server_file, _) =
        bundles::export_for_members(server.storage(), &key, &r.gacha1.to_string(), now())
            .await
            .unwrap();
    assert!(matches!(
        refused(server_file).await,
        ImportError::NotADeviceBundle
    ));
    assert!(matches!(
        refused(b"not a bundle at all".to_vec()).await,
        ImportError::Bundle(BundleError::NotABundle)
    ));
    // Nothing of all that reached the server: the session's roll is empty.
    sec.sync().await.unwrap();
    assert!(!present(&sec.store, session, r.herder));

    // A revoked device's genuine bundle is refused too.
    assert!(
        server
            .storage()
            .revoke_device(&herder.device_id)
            .await
            .unwrap()
    );
    assert!(matches!(refused(genuine).await, ImportError::Revoked));
}

/// The certificate request that presents `key`.
fn key_of(key: &SecretKey) -> Vec<u8> {
    proto::encode_message(&CertificateRequest {
        public_key: key.public().to_vec(),
    })
    .unwrap()
}

/// Posts `body` to the certificate endpoint with `token`, as any app could; the status.
async fn present_key(server: &Server, token: Option<&str>, body: Vec<u8>) -> u16 {
    let mut req = reqwest::Client::new()
        .post(format!(
            "{}{}",
            server.url(),
            proto::signing::CERTIFICATE_PATH
        ))
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

/// The signatures a device with `key` makes over each of `groups`' changes.
fn sign_change_of(groups: &[proto::DocChanges], key: &SecretKey) -> Vec<u8> {
    let change = &groups[0].changes[0];
    let parsed = steppe_domain::doc::parse_untrusted(proto::chunk::expand(change)).unwrap();
    key.sign(steppe_protocol::signing::Purpose::Change, &parsed.hash().0)
        .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_keeps_its_first_key_and_a_phone_without_a_key_cannot_be_imported() {
    let (dir, server, r) = region().await.unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    // Before any sync: no certificate, so nothing of the server's can be believed here.
    assert_eq!(herder.store.certificate().unwrap(), None);
    let key = ServerKey::default().get(server.storage()).await.unwrap();
    let (server_file, _) =
        bundles::export_for_members(server.storage(), &key, &r.gacha1.to_string(), now())
            .await
            .unwrap();
    assert!(matches!(
        herder.store.import_bundle(&server_file).unwrap_err(),
        CoreError::NotCertified
    ));
    // Its own bundle cannot be imported either: the server has no key of this device yet.
    let unregistered = herder.store.export_bundle().unwrap();
    assert!(matches!(
        bundles::import(server.storage(), &unregistered.bytes, now())
            .await
            .unwrap_err(),
        ImportError::NoKey
    ));
    herder.sync().await.unwrap();
    // A modified app presenting a second key with the device's token: refused through HTTP.
    let other = SecretKey::generate().unwrap();
    let token = Some(herder.client.token());
    let status = |token, body| present_key(&server, token, body);
    assert_eq!(status(token, key_of(&other)).await, 409);
    // Without a token, or with garbage: refused before anything is read.
    assert_eq!(status(None, key_of(&other)).await, 401);
    assert_eq!(status(token, vec![0xff; 3000]).await, 400);
    // A certificate signed by another server key is not taken by the phone.
    let impostor = SecretKey::generate().unwrap();
    let mut forged_answer = CertificateResponse {
        server_key: impostor.public().to_vec(),
        certificate: steppe_protocol::signing::SignedCertificate::issue(
            &impostor,
            &herder.store.certificate().unwrap().unwrap(),
        ),
        revocations: steppe_protocol::signing::SignedRevocations::issue(
            &impostor,
            &steppe_protocol::signing::Revocations {
                issued_at: now(),
                devices: vec![],
            },
        ),
    };
    assert!(matches!(
        herder.store.accept_certificate(&forged_answer).unwrap_err(),
        CoreError::Certificate(_)
    ));
    forged_answer.server_key = key.public().to_vec();
    assert!(herder.store.accept_certificate(&forged_answer).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_bundle_brings_a_units_new_sessions_to_a_phone_without_signal() {
    let (dir, server, r) = region().await.unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    // After the herder left the township: a session scheduled.
    let (_sec, session) = a_session_now(&server, &r, dir.path()).await;
    let on_schedule = |store: &Steppe| {
        store
            .schedule_for(r.herder, now() - 3_600_000, now() + 3_600_000)
            .unwrap()
            .iter()
            .any(|s| s.id == session)
    };
    assert!(!on_schedule(&herder.store), "not yet on the phone");
    let key = ServerKey::default().get(server.storage()).await.unwrap();
    let (file, changes) =
        bundles::export_for_members(server.storage(), &key, &r.gacha1.to_string(), now())
            .await
            .unwrap();
    assert!(changes > 0);
    // Damaged on the way: refused whole.
    let mut bent = file.clone();
    let at = bent.len() / 2;
    bent[at] ^= 1;
    assert!(matches!(
        herder.store.import_bundle(&bent).unwrap_err(),
        CoreError::Bundle(_)
    ));
    // A file the secretary made herself, signed with her own key: not the server's.
    let BundleBody::Server(body) = read_bundle(&file).unwrap().body else {
        panic!("a server bundle")
    };
    let own = write_bundle(&BundleBody::Server(body), &SecretKey::generate().unwrap()).unwrap();
    assert!(matches!(
        herder.store.import_bundle(&own).unwrap_err(),
        CoreError::Bundle(BundleError::BadSignature)
    ));
    // Another gacha's bundle is not for this phone.
    let (theirs, _) =
        bundles::export_for_members(server.storage(), &key, &r.gacha2.to_string(), now())
            .await
            .unwrap();
    assert!(matches!(
        herder.store.import_bundle(&theirs).unwrap_err(),
        CoreError::BundleOutOfScope { .. }
    ));
    // The genuine file: the session is on the phone's schedule, and the herder checks in.
    let report = herder.store.import_bundle(&file).unwrap();
    assert!(report.received > 0);
    assert!(on_schedule(&herder.store), "on the phone's schedule");
    assert_eq!(
        herder.store.import_bundle(&file).unwrap().received,
        0,
        "idempotent"
    );
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
}
