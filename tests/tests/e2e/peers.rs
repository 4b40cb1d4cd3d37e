//! Phones that meet without a network (issue 17, ADR 0011), over a real TCP link on loopback: a
//! herdsman whose phone never syncs again after enrolment hands a check-in to another member's
//! phone at a meeting; that phone, which may not read it, carries it sealed to the server at its
//! next sync; the supervisor then sees the check-in as written by the herder's own device. A
//! phone refuses a peer whose certificate is expired, revoked or another server's, and nothing
//! outside a phone's scope reaches it.

use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use steppe_core::{CoreError, PeerReport, PeerRole, Steppe};
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::course::{Attendance, SessionMode};
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_protocol::peer::{PEER_VERSION, PeerHello};
use steppe_protocol::signing::{CERTIFICATE_VERSION, Certificate, SecretKey, SignedCertificate};
use steppe_server::admin;
use steppe_server::identity::ServerKey;
use steppe_tests::harness::{Phone, region, secretary_with_a_session_now};

/// `a` and `b` meet over a fresh loopback TCP connection; each side's report.
fn meet(
    a: &Arc<Steppe>,
    b: &Arc<Steppe>,
) -> (Result<PeerReport, CoreError>, Result<PeerReport, CoreError>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::scope(|s| {
        let responder = s.spawn(|| {
            let (mut stream, _) = listener.accept().unwrap();
            b.meet(&mut stream, PeerRole::Responder)
        });
        let mut stream = TcpStream::connect(addr).unwrap();
        let first = a.meet(&mut stream, PeerRole::Initiator);
        drop(stream);
        (first, responder.join().unwrap())
    })
}

fn present(store: &Steppe, session: Id, member: Id) -> bool {
    store
        .session_roll(session)
        .map(|roll| {
            roll.iter()
                .any(|e| e.member == member && e.attendance == Attendance::Present)
        })
        .unwrap_or(false)
}

/// The sumu secretary's phone with a session under way, and the herder's phone, certified at
/// the township, that checked in to it without signal; and the session.
async fn a_herder_checked_in(
    server: &steppe_tests::harness::Server,
    r: &steppe_tests::harness::Region,
    dir: &std::path::Path,
) -> (Phone, Phone, Id) {
    let (sec, session) = secretary_with_a_session_now(server, r, dir).await.unwrap();
    let herder = Phone::enroll(server, r.herder, dir, "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    (sec, herder, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_travels_sealed_through_a_phone_that_may_not_read_it() {
    let (dir, server, r) = region().await.unwrap();
    // Enrolled at the township, where there is signal; never syncs again.
    let (_sec, herder, session) = a_herder_checked_in(&server, &r, dir.path()).await;
    // A member of a gacha in another banner, met on the road: reads nothing of this sumu.
    let storage = server.storage();
    let other_banner = admin::create_org(storage, "额济纳旗", OrgKind::Banner, Some(r.league))
        .await
        .unwrap();
    let other_sumu = admin::create_org(storage, "赛汉陶来苏木", OrgKind::Sumu, Some(other_banner))
        .await
        .unwrap();
    let other_gacha =
        admin::create_org(storage, "乌兰布拉格嘎查", OrgKind::Gacha, Some(other_sumu))
            .await
            .unwrap();
    let traveller = admin::create_user(
        storage,
        "牧民党员 巴雅尔",
        other_gacha,
        MemberStatus::Full,
        &[(other_gacha, Role::Member)],
    )
    .await
    .unwrap();
    let relay = Phone::enroll(&server, traveller, dir.path(), "relay")
        .await
        .unwrap();
    relay.sync().await.unwrap();
    assert_eq!(
        relay.store.record_org(session).unwrap(),
        None,
        "not the relay's to read"
    );

    let (from_herder, from_relay) = meet(&herder.store, &relay.store);
    let (from_herder, from_relay) = (from_herder.unwrap(), from_relay.unwrap());
    assert_eq!(from_herder.peer_device, relay.device_id);
    assert_eq!(from_relay.peer_device, herder.device_id);
    assert_eq!(from_relay.carried, 1, "the herder's outbox, sealed");
    assert_eq!(from_herder.offered_sealed, 1);
    assert_eq!(
        from_herder.offered_changes, 0,
        "nothing the relay may not read"
    );
    assert_eq!(from_relay.received, 0);
    assert_eq!(relay.store.record_org(session).unwrap(), None);
    // The relay holds the item but cannot read it: not a bundle, not the check-in's bytes.
    let carried = relay.store.carried_items(10, usize::MAX).unwrap();
    assert_eq!(carried.len(), 1);
    assert!(steppe_protocol::bundle::read_bundle(&carried[0].sealed).is_err());
    // Meeting again changes nothing, on either side.
    let (again_herder, again_relay) = meet(&herder.store, &relay.store);
    assert_eq!(
        again_herder.unwrap().carried,
        0,
        "its own item is not carried back"
    );
    assert_eq!(
        again_relay.unwrap().carried,
        0,
        "one copy of the same changes"
    );

    // A day later the relay syncs: it hands the item over; the server imports it as the herder's.
    relay.sync().await.unwrap();
    assert!(relay.store.carried_count().unwrap() == 0, "handed over");
    let supervisor = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    supervisor.sync().await.unwrap();
    assert!(present(&supervisor.store, session, r.herder));
    let last = supervisor.store.history(session).unwrap().pop().unwrap();
    assert_eq!(last.device_name.as_deref(), Some("herder"));
    // When the herder reaches signal, the server already holds it.
    let report = herder.sync().await.unwrap();
    assert_eq!(report.rejected, 0);
    assert_eq!(herder.store.pending_uploads().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_that_may_read_it_sees_the_check_in_unconfirmed_until_the_server_sends_it() {
    let (dir, server, r) = region().await.unwrap();
    let (sec, herder, session) = a_herder_checked_in(&server, &r, dir.path()).await;
    let (to_sec, from_herder) = meet(&sec.store, &herder.store);
    let (to_sec, _) = (to_sec.unwrap(), from_herder.unwrap());
    assert_eq!(
        to_sec.received, 1,
        "the secretary reads the school's sessions"
    );
    assert!(present(&sec.store, session, r.herder));
    assert!(sec.store.is_unconfirmed(session).unwrap());
    let last = sec.store.history(session).unwrap().pop().unwrap();
    assert_eq!(
        last.user_name.as_deref(),
        Some("牧民党员 蒲玉梅"),
        "named from the certificate"
    );
    // The secretary syncs: the sealed copy reaches the server, which sends the change back.
    sec.sync().await.unwrap();
    sec.sync().await.unwrap();
    assert!(
        !sec.store.is_unconfirmed(session).unwrap(),
        "confirmed by the server"
    );
    assert_eq!(sec.store.unconfirmed_changes().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_revoked_and_foreign_peers_are_refused() {
    let (dir, server, r) = region().await.unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    let relay = Phone::enroll(&server, r.outsider, dir.path(), "relay")
        .await
        .unwrap();
    relay.sync().await.unwrap();
    let key = ServerKey::default().get(server.storage()).await.unwrap();
    let cert = herder.store.certificate().unwrap().unwrap();
    let hello = |signed: SignedCertificate| PeerHello {
        version: PEER_VERSION,
        certificate: signed,
        revocations: None,
        nonce: [7; 32],
        link_key: [9; 32],
    };
    // A certificate past its end.
    let expired = Certificate {
        expires_at: steppe_core::system_clock()() - 1,
        ..cert.clone()
    };
    assert!(matches!(
        relay
            .store
            .check_peer(&hello(SignedCertificate::issue(&key, &expired))),
        Err(CoreError::PeerRefused("expired"))
    ));
    // One signed by a key that is not this server's (a phone's own, another server's).
    let impostor = SecretKey::generate().unwrap();
    let forged = SignedCertificate::issue(
        &impostor,
        &Certificate {
            expires_at: i64::MAX,
            version: CERTIFICATE_VERSION,
            ..cert.clone()
        },
    );
    assert!(matches!(
        relay.store.check_peer(&hello(forged)),
        Err(CoreError::PeerRefused("not_this_server"))
    ));
    // A phone that never synced since signing came in has nothing to show.
    let fresh = Phone::enroll(&server, r.mediator_a, dir.path(), "fresh")
        .await
        .unwrap();
    assert!(matches!(
        fresh.store.peer_hello([0; 32]),
        Err(CoreError::NotCertified)
    ));
    let (refused, _) = meet(&fresh.store, &relay.store);
    assert!(matches!(refused, Err(CoreError::NotCertified)));

    // The herder's phone is revoked; the relay learns it at its next sync and refuses the herder
    // before the herder's certificate runs out — and tells the next phone it meets.
    assert!(
        server
            .storage()
            .revoke_device(&herder.device_id)
            .await
            .unwrap()
    );
    relay.sync().await.unwrap();
    let (herder_side, relay_side) = meet(&herder.store, &relay.store);
    assert!(matches!(relay_side, Err(CoreError::PeerRefused("revoked"))));
    assert!(herder_side.is_err(), "the link closed on the herder");
    let third = Phone::enroll(&server, r.mediator_b, dir.path(), "third")
        .await
        .unwrap();
    third.sync().await.unwrap();
    // `third` synced after the revocation too; an older phone learns the list from the relay.
    let (a, b) = meet(&relay.store, &third.store);
    assert!(a.is_ok() && b.is_ok());
    assert!(matches!(
        third
            .store
            .check_peer(&hello(SignedCertificate::issue(&key, &cert))),
        Err(CoreError::PeerRefused("revoked"))
    ));
}

/// Someone who copied a phone's certificate — every hello and every bundle carries one — and
/// replays it learns nothing: without the key it names, there is no proof, and nothing is
/// offered. A phone's own certificate sent back to it is refused as well.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copied_certificate_without_its_key_gets_nothing() {
    use steppe_protocol::peer::{PeerProof, read_small_frame, write_frame};

    let (dir, server, r) = region().await.unwrap();
    let (sec, herder, _session) = a_herder_checked_in(&server, &r, dir.path()).await;
    let secretarys = sec.store.peer_hello([0; 32]).unwrap().certificate;
    for (stolen, why) in [
        (secretarys, "no_proof"),
        (
            herder.store.peer_hello([0; 32]).unwrap().certificate,
            "self",
        ),
    ] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let victim = herder.store.clone();
        let (refused, after_hello) = std::thread::scope(|s| {
            let side = s.spawn(move || {
                let (mut link, _) = listener.accept().unwrap();
                victim.meet(&mut link, PeerRole::Responder)
            });
            let mut link = TcpStream::connect(addr).unwrap();
            write_frame(
                &mut link,
                &PeerHello {
                    version: PEER_VERSION,
                    certificate: stolen,
                    revocations: None,
                    nonce: [1; 32],
                    link_key: [2; 32],
                },
            )
            .unwrap();
            let _: Result<PeerHello, _> = read_small_frame(&mut link);
            let _ = write_frame(
                &mut link,
                &PeerProof {
                    signature: vec![0; 64],
                },
            );
            // Whatever comes next would be the victim's proof or offer.
            let after: Result<PeerProof, _> = read_small_frame(&mut link);
            (side.join().unwrap(), after)
        });
        assert!(
            matches!(refused, Err(CoreError::PeerRefused(w)) if w == why),
            "{why}: {refused:?}"
        );
        assert!(after_hello.is_err(), "{why}: nothing offered");
    }
}

/// One frame off a link, as it is; none once the link has closed.
fn take_frame(link: &mut TcpStream) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut len = [0u8; 4];
    link.read_exact(&mut len).ok()?;
    let mut frame = len.to_vec();
    frame.resize(4 + u32::from_be_bytes(len) as usize, 0);
    link.read_exact(&mut frame[4..]).ok()?;
    Some(frame)
}

/// Someone in range of two phones — with the secretary's certificate copied, say — sits between
/// them and passes every frame on. The two meet and exchange, but the relay reads only their
/// hellos: the offers are boxed with a key the two agreed on for this meeting. If it puts link
/// keys of its own into the hellos, to open the offers itself, the proofs — which sign both
/// sides' link keys — no longer hold, and nothing is offered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_between_two_phones_reads_no_offer_and_cannot_put_in_its_own_link_key() {
    use std::io::Write;
    use steppe_protocol::link::LinkSecret;
    use steppe_protocol::peer::{PeerOffer, read_frame, read_small_frame, write_frame};

    let (dir, server, r) = region().await.unwrap();
    let (sec, herder, session) = a_herder_checked_in(&server, &r, dir.path()).await;
    for swap_keys in [false, true] {
        let to_herder = TcpListener::bind("127.0.0.1:0").unwrap();
        let to_relay = TcpListener::bind("127.0.0.1:0").unwrap();
        let (herder_addr, relay_addr) = (
            to_herder.local_addr().unwrap(),
            to_relay.local_addr().unwrap(),
        );
        let (herder_side, sec_side, seen) = std::thread::scope(|s| {
            let herder_side = s.spawn(|| {
                let (mut link, _) = to_herder.accept().unwrap();
                herder.store.meet(&mut link, PeerRole::Responder)
            });
            let relay = s.spawn(move || {
                let (mut from_sec, _) = to_relay.accept().unwrap();
                let mut to_herder = TcpStream::connect(herder_addr).unwrap();
                let mut seen = Vec::new();
                // Hellos, proofs, offers: the secretary's first each time. A side that refused
                // closes its link, and the relay stops there.
                let mut pass = |from: &mut TcpStream, to: &mut TcpStream, step: usize| {
                    let mut frame = take_frame(from)?;
                    if step == 0 && swap_keys {
                        let mut hello: PeerHello = read_small_frame(&mut &frame[..]).unwrap();
                        hello.link_key = LinkSecret::generate().unwrap().public();
                        frame.clear();
                        write_frame(&mut frame, &hello).unwrap();
                    }
                    seen.push(frame.clone());
                    to.write_all(&frame).ok()
                };
                for step in 0..3 {
                    if pass(&mut from_sec, &mut to_herder, step).is_none()
                        || pass(&mut to_herder, &mut from_sec, step).is_none()
                    {
                        break;
                    }
                }
                seen
            });
            let mut link = TcpStream::connect(relay_addr).unwrap();
            let sec_side = sec.store.meet(&mut link, PeerRole::Initiator);
            drop(link);
            (herder_side.join().unwrap(), sec_side, relay.join().unwrap())
        });
        // The relay reads the hellos either way: certificates are not secret.
        let hello: PeerHello = read_small_frame(&mut &seen[0][..]).unwrap();
        assert_eq!(hello.version, PEER_VERSION);
        if swap_keys {
            assert!(
                matches!(herder_side, Err(CoreError::PeerRefused("no_proof"))),
                "{herder_side:?}"
            );
            assert!(sec_side.is_err(), "the link closed on the secretary");
            assert_eq!(
                seen.len(),
                3,
                "two hellos and the secretary's proof; no offer"
            );
        } else {
            let from_herder = sec_side.unwrap();
            assert_eq!(from_herder.received, 1, "the check-in crossed the relay");
            assert!(present(&sec.store, session, r.herder));
            herder_side.unwrap();
            assert_eq!(seen.len(), 6);
            for offer in &seen[4..] {
                assert!(
                    read_frame::<PeerOffer>(&mut &offer[..]).is_err(),
                    "an offer the relay could read"
                );
            }
        }
    }
}

/// A change a phone's own certificate does not allow — a member marking another member's
/// attendance with a role it granted itself — is not taken by the phone it meets, just as the
/// server would refuse it; and what a phone carries for others it keeps sealed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_takes_only_what_the_authors_roles_allow_and_carries_it_sealed() {
    let (dir, server, r) = region().await.unwrap();
    let (sec, herder, session) = a_herder_checked_in(&server, &r, dir.path()).await;
    herder
        .store
        .grant_role(r.herder, r.school, Role::Lecturer)
        .unwrap();
    herder
        .store
        .mark_attendance(session, r.mediator_a, Attendance::Present)
        .unwrap();
    let (_, to_sec) = meet(&herder.store, &sec.store);
    to_sec.unwrap();
    assert!(
        !present(&sec.store, session, r.mediator_a),
        "the self-granted marking is not taken"
    );
    for item in sec.store.carried_items(100, usize::MAX).unwrap() {
        assert!(
            steppe_protocol::bundle::read_bundle(&item.sealed).is_err(),
            "carried sealed, not readable"
        );
    }
    assert!(sec.store.carried_count().unwrap() >= 1);
}

/// A herder whose phone never syncs after enrolment gets the gacha's new session from the
/// secretary's phone, which fetched the server's signed file of the gacha; checks in; and the
/// check-in goes back the same way. A unit the user does not read is not handed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_units_new_session_reaches_a_herder_through_the_secretarys_phone() {
    let (dir, server, r) = region().await.unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    // After the herder left the township: a session, and the secretary's phone takes the file.
    let (sec, session) = secretary_with_a_session_now(&server, &r, dir.path())
        .await
        .unwrap();
    sec.client
        .fetch_unit_bundle(&sec.store, *r.gacha1.as_bytes())
        .await
        .unwrap();
    let on_schedule = |store: &Steppe| {
        let now = steppe_core::system_clock()();
        store
            .schedule_for(r.herder, now - 3_600_000, now + 3_600_000)
            .unwrap()
            .iter()
            .any(|s| s.id == session)
    };
    assert!(!on_schedule(&herder.store));
    let (to_herder, _) = meet(&herder.store, &sec.store);
    assert!(to_herder.unwrap().received > 0);
    assert!(
        on_schedule(&herder.store),
        "the session, by way of the secretary"
    );
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    let (_, to_sec) = meet(&herder.store, &sec.store);
    assert_eq!(to_sec.unwrap().received, 1);
    assert!(present(&sec.store, session, r.herder));

    // A member asks for another gacha's file: refused as a unit that does not exist.
    let refused = herder
        .client
        .fetch_unit_bundle(&herder.store, *r.gacha2.as_bytes())
        .await;
    assert!(refused.is_err(), "{refused:?}");
}

/// What a relay with a modified app could post to `/v1/forward` by hand: nothing without a
/// token, garbage and oversized lists refused whole, a tampered or foreign item refused alone,
/// and a genuine item imported once however often it is posted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_made_forwards_are_refused_and_a_replayed_item_changes_nothing() {
    use steppe_protocol::peer::{FORWARD_PATH, ForwardRequest, ForwardResponse, Forwarded};
    let (dir, server, r) = region().await.unwrap();
    let (_sec, herder, session) = a_herder_checked_in(&server, &r, dir.path()).await;
    let relay = Phone::enroll(&server, r.mediator_b, dir.path(), "relay")
        .await
        .unwrap();
    relay.sync().await.unwrap();
    let (a, b) = meet(&herder.store, &relay.store);
    a.unwrap();
    b.unwrap();
    let carried = relay.store.carried_items(10, usize::MAX).unwrap();
    assert_eq!(carried.len(), 1, "the herder's check-in, sealed");
    let genuine = carried[0].sealed.clone();

    let http = reqwest::Client::new();
    let url = format!("{}{FORWARD_PATH}", server.url());
    let post = |body: Vec<u8>, token: Option<&str>| {
        let mut req = http.post(&url).body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move { req.send().await.unwrap() }
    };
    let encode = |items: Vec<Vec<u8>>| {
        steppe_protocol::encode_message(&ForwardRequest {
            sealed: items.into_iter().map(serde_bytes::ByteBuf::from).collect(),
        })
        .unwrap()
    };
    let answer = |bytes: &[u8]| -> Vec<Forwarded> {
        steppe_protocol::decode_message::<ForwardResponse>(
            bytes,
            &steppe_protocol::Limits::default(),
        )
        .unwrap()
        .items
    };

    // No token: nothing is read.
    assert_eq!(
        post(encode(vec![genuine.clone()]), None).await.status(),
        401
    );
    // Not a forward; too many items: refused whole.
    let token = Some(relay.token.as_str());
    assert_eq!(post(b"not a forward".to_vec(), token).await.status(), 400);
    let mut flood = vec![vec![0u8; 8]; steppe_protocol::peer::MAX_FORWARD_ITEMS];
    flood.push(genuine.clone());
    assert_eq!(post(encode(flood), token).await.status(), 400);
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    sup.sync().await.unwrap();
    assert!(
        !present(&sup.store, session, r.herder),
        "nothing refused whole reached the server"
    );

    // A tampered item and one the relay made up are refused alone; the genuine one is imported.
    let mut tampered = genuine.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x40;
    let made_up = vec![7u8; genuine.len()];
    let resp = post(encode(vec![tampered, made_up, genuine.clone()]), token).await;
    assert_eq!(resp.status(), 200);
    let items = answer(&resp.bytes().await.unwrap());
    assert!(matches!(items[0], Forwarded::Refused(_)), "{items:?}");
    assert!(matches!(items[1], Forwarded::Refused(_)), "{items:?}");
    let Forwarded::Imported { applied, .. } = items[2] else {
        panic!("{items:?}")
    };
    assert!(applied >= 1, "{items:?}");

    // Posted again, by the same relay: already there, nothing applied twice.
    let resp = post(encode(vec![genuine]), token).await;
    let items = answer(&resp.bytes().await.unwrap());
    assert!(
        matches!(items[0], Forwarded::Imported { applied: 0, .. }),
        "{items:?}"
    );
    sup.sync().await.unwrap();
    assert!(present(&sup.store, session, r.herder));
    let roll = sup.store.session_roll(session).unwrap();
    assert_eq!(
        roll.iter().filter(|e| e.member == r.herder).count(),
        1,
        "checked in once"
    );
}
