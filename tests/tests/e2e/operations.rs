//! Operating the server: roster import, metrics, graceful shutdown, progress during a long sync.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use steppe_domain::mediation::CaseCategory;
use steppe_server::{app_state, http};
use steppe_tests::harness::{
    Phone, Server, debt_case, mediator_with_cases, region, scratch_storage, seed, village_case,
};

/// What the server holds of a roster: its organisations, and every change of them and of the
/// people `people`: what a second import must leave exactly as it was.
async fn holdings(
    server: &Server,
    people: &[steppe_domain::Id],
) -> (Vec<(String, Option<String>, String)>, usize) {
    let storage = server.storage();
    let mut orgs = storage.orgs().await.unwrap();
    orgs.sort();
    let mut changes = 0;
    let ids = orgs
        .iter()
        .map(|(id, _, _)| steppe_domain::Id::parse(id).unwrap())
        .chain(people.iter().copied());
    for id in ids {
        changes += storage.doc_changes(*id.as_bytes()).await.unwrap().len();
    }
    (orgs, changes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rosters_import_whole_once_from_gb18030_and_their_people_can_enroll() {
    use steppe_server::roster::{self, Step};

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("server.db").to_string_lossy(), None)
        .await
        .unwrap();
    let storage = server.storage();
    // The league's name in traditional Mongolian script beside the Chinese (an optional column).
    let orgs = "key,name,kind,parent,name_mn\nL,阿拉善盟,league,,ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ\nB,阿拉善左旗,banner,L\nS,额尔克哈什哈苏木,sumu,B\nG,嘎查,gacha,S\nP,警地党支部,police_village_branch,S\n";
    let people = "name,org,status,role\n王立华,S,full,secretary\n巴特尔,P,full,mediator\n乌兰,G,probationary,\n";
    // As Excel on Chinese Windows saves it.
    let (gbk_orgs, _, _) = encoding_rs::GB18030.encode(orgs);
    let (gbk_people, _, _) = encoding_rs::GB18030.encode(people);
    assert!(std::str::from_utf8(&gbk_orgs).is_err(), "really not UTF-8");
    let orgs = roster::decode(&gbk_orgs).unwrap();
    let people = roster::decode(&gbk_people).unwrap();

    // A dry run plans everything and writes nothing.
    let plan = roster::plan(storage, &orgs, Some(&people)).await.unwrap();
    let users: Vec<_> = plan.people.iter().map(|p| p.id).collect();
    let empty = holdings(&server, &users).await;
    assert_eq!((plan.orgs.len(), plan.people.len()), (5, 3));
    assert!(plan.orgs.iter().all(|o| o.step == Step::Create));
    assert!(plan.people.iter().all(|p| p.step == Step::Create));
    assert_eq!(
        holdings(&server, &users).await,
        empty,
        "planning writes nothing"
    );
    assert_eq!(empty.1, 0);

    roster::apply(storage, &plan).await.unwrap();
    let once = holdings(&server, &users).await;
    assert_eq!(once.0.len(), 5);
    assert!(once.0.iter().any(|(_, _, kind)| kind == "sumu"));
    // The same files again: everything exists, nothing changes.
    let again = roster::plan(storage, &orgs, Some(&people)).await.unwrap();
    assert!(again.orgs.iter().all(|o| o.step == Step::Exists));
    assert!(again.people.iter().all(|p| p.step == Step::Exists));
    roster::apply(storage, &again).await.unwrap();
    assert_eq!(
        holdings(&server, &users).await,
        once,
        "a second import changes nothing"
    );

    // A later roster gives the banner its name in Mongolian script, and the league another one
    // than it has; the other rows leave theirs empty. Only the banner's is written: a name a
    // unit has is never replaced by a roster (it may have been corrected since).
    let banner_mn = "ᠠᠯᠠᠱᠠ ᠵᠡᠭᠦᠨ ᠬᠣᠰᠢᠭᠤ";
    let named = orgs
        .replace(
            "B,阿拉善左旗,banner,L\n",
            &format!("B,阿拉善左旗,banner,L,{banner_mn}\n"),
        )
        .replace("ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ", "ᠠᠯᠠᠱᠠ");
    assert_ne!(named, orgs);
    let naming = roster::plan(storage, &named, None).await.unwrap();
    let steps: Vec<(&str, Step)> = naming
        .orgs
        .iter()
        .map(|o| (o.key.as_str(), o.step))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("L", Step::Exists),
            ("B", Step::NameMongolian),
            ("S", Step::Exists),
            ("G", Step::Exists),
            ("P", Step::Exists)
        ]
    );
    roster::apply(storage, &naming).await.unwrap();
    let banner = naming.orgs[1].id;
    let changes = storage.doc_changes(*banner.as_bytes()).await.unwrap();
    let doc = steppe_domain::doc::RecordDoc::load(
        banner,
        &[],
        changes.iter().map(Vec::as_slice),
        automerge::ActorId::random(),
    )
    .unwrap();
    let held: steppe_domain::org::Organisation = doc.read().unwrap();
    assert_eq!(held.name_mn.as_deref(), Some(banner_mn));
    assert_eq!(held.name, "阿拉善左旗", "nothing else of the unit changes");
    let named_again = roster::plan(storage, &named, None).await.unwrap();
    assert!(
        named_again.orgs.iter().all(|o| o.step == Step::Exists),
        "named once, nothing left to write"
    );
    let after_naming = holdings(&server, &users).await;
    assert_eq!(after_naming.1, once.1 + 1, "one change: the name");
    let once = after_naming;

    // A column the league's spreadsheet keeps besides (a phone number) is left alone: it is
    // not read as a name in Mongolian script.
    let with_phones = "name,org,status,role,key,phone\n王立华,S,full,secretary,,13800000000\n巴特尔,P,full,mediator,,\n乌兰,G,probationary,,,\n";
    let plan = roster::plan(storage, &orgs, Some(with_phones))
        .await
        .unwrap();
    assert!(plan.people.iter().all(|p| p.step == Step::Exists));

    // People too: a later people file gives the mediator his name in Mongolian script (the
    // column headed name_mn, wherever it stands); the others leave theirs empty, and only his is
    // written.
    let person_mn = "ᠪᠠᠭᠠᠲᠤᠷ";
    let people_named = format!(
        "name,org,status,role,key,notes,name_mn\n王立华,S,full,secretary,,会计,\n巴特尔,P,full,mediator,,,{person_mn}\n乌兰,G,probationary,,,,\n"
    );
    let naming = roster::plan(storage, &orgs, Some(&people_named))
        .await
        .unwrap();
    let steps: Vec<Step> = naming.people.iter().map(|p| p.step).collect();
    assert_eq!(steps, [Step::Exists, Step::NameMongolian, Step::Exists]);
    roster::apply(storage, &naming).await.unwrap();
    let mediator = naming.people[1].id;
    let changes = storage.doc_changes(*mediator.as_bytes()).await.unwrap();
    let doc = steppe_domain::doc::RecordDoc::load(
        mediator,
        &[],
        changes.iter().map(Vec::as_slice),
        automerge::ActorId::random(),
    )
    .unwrap();
    let held: steppe_domain::person::Person = doc.read().unwrap();
    assert_eq!(held.name_mn.as_deref(), Some(person_mn));
    assert_eq!(held.name, "巴特尔", "nothing else of the person changes");
    let again = roster::plan(storage, &orgs, Some(&people_named))
        .await
        .unwrap();
    assert!(again.people.iter().all(|p| p.step == Step::Exists));
    let after_naming = holdings(&server, &users).await;
    assert_eq!(after_naming.1, once.1 + 1, "one change: his name");
    let once = after_naming;
    // A person's name in another script is a bad row, as a unit's is.
    let latin = people_named.replace(person_mn, "Baatar");
    let err = roster::plan(storage, &orgs, Some(&latin))
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("people line 3:"), "{err:#}");
    for u in &users {
        assert!(
            storage.user(&u.to_string()).await.unwrap().is_some(),
            "can enroll"
        );
    }

    // Bad rows are all named by line, and nothing of the file is written.
    let bad = "key,name,kind,parent,name_mn\nX,某,galaxy,\nY,某旗,banner,NOPE\nZ,某嘎查,gacha,\nW,好苏木,sumu,B\nG,另一个嘎查,gacha,W\nC,某苏木,sumu,B,Сум\n";
    let err = roster::plan(storage, bad, None).await.unwrap_err();
    let text = format!("{err:#}");
    for want in [
        "line 2: unknown kind 'galaxy'",
        "line 3: unknown parent 'NOPE'",
        "line 4:",
        "line 6: the key 'G' already names another organisation",
        "line 7:",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert!(
        !text.contains("line 5"),
        "a good row is not reported: {text}"
    );
    assert_eq!(holdings(&server, &users).await, once);
    assert!(
        roster::decode(&[0xff, 0xfe, 0x81]).is_err(),
        "neither UTF-8 nor GB18030"
    );

    let mediator = Phone::enroll(&server, users[1], dir.path(), "m")
        .await
        .unwrap();
    mediator.sync().await.unwrap();
    let league = mediator
        .store
        .org(roster::org_id("L"))
        .unwrap()
        .expect("the league is held");
    assert_eq!(
        (league.name.as_str(), league.name_mn.as_deref()),
        ("阿拉善盟", Some("ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ")),
        "both names travel to the phones"
    );
    let banner = mediator
        .store
        .org(roster::org_id("B"))
        .unwrap()
        .expect("the banner is held");
    assert_eq!(
        banner.name_mn.as_deref(),
        Some(banner_mn),
        "so does a name a later roster gave"
    );
    let branch = roster::org_id("P");
    let case = mediator
        .store
        .open_case(village_case(branch, CaseCategory::Neighbours, "纠纷"))
        .unwrap();
    let report = mediator.sync().await.unwrap();
    assert_eq!(
        (report.sent, report.rejected),
        (1, 0),
        "the imported role lets the mediator write the branch's cases"
    );
    let secretary = Phone::enroll(&server, users[0], dir.path(), "s")
        .await
        .unwrap();
    secretary.sync().await.unwrap();
    assert!(
        secretary.store.record_json(case).is_ok(),
        "the sumu secretary reads the branch below"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_health_and_graceful_shutdown() {
    let (_dir, storage) = scratch_storage().await.unwrap();
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    // A local recorder for this test only; the binary installs one globally.
    let _guard = metrics::set_default_local_recorder(&recorder);
    let state = app_state(storage.clone(), Some(handle));
    let running = http::serve(state.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = format!("http://{}", running.addr);
    let http_client = reqwest::Client::new();
    let ready = || async {
        http_client
            .get(format!("{url}/readyz"))
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(
        ready().await,
        503,
        "not ready before the pages' replica is warm"
    );
    state.web.warm_up(&state).await;
    assert_eq!(ready().await, 200);
    assert_eq!(
        http_client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    assert_eq!(
        http_client
            .get(format!("{url}/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        404,
        "metrics are on the admin listener, not the public port"
    );
    let admin = http::serve_admin(state.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let metrics = http_client
        .get(format!("http://{}/metrics", admin.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    admin.shutdown().await;
    running.shutdown().await;
    assert!(
        http_client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .is_err(),
        "a shut-down server accepts nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_first_sync_reports_progress_page_by_page() {
    let (dir, server, r) = region().await.unwrap();
    let _a = mediator_with_cases(&server, &r, dir.path(), 300)
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    let client = sup.client.clone().with_page_bytes(16 << 10);
    let pages = Arc::new(AtomicU64::new(0));
    let last_received = Arc::new(AtomicU64::new(0));
    let (p, l) = (pages.clone(), last_received.clone());
    let progress = move |e: &steppe_client::SyncProgress| {
        p.fetch_add(1, Ordering::SeqCst);
        assert!(
            e.received >= l.swap(e.received, Ordering::SeqCst),
            "progress only moves forward"
        );
    };
    let report = client.sync(&sup.store, Some(&progress)).await.unwrap();
    let pages = pages.load(Ordering::SeqCst);
    assert!(pages >= 3, "several pages, each reported");
    assert_eq!(
        report.round_trips,
        pages.div_ceil(steppe_server::exchange::MAX_PAGES_PER_RESPONSE as u64),
        "pages stream in as few round trips as the per-response limit allows"
    );
    assert_eq!(
        sup.store.cases(r.branch1, None, 1000, 0).unwrap().len(),
        300
    );
}

/// A fresh self-signed certificate for 127.0.0.1 and localhost, and its pin.
fn self_signed() -> (steppe_server::http::Tls, [u8; 32]) {
    let key =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let pin = steppe_client::pin_of(key.cert.der());
    let tls = steppe_server::http::Tls {
        cert_pem: key.cert.pem().into_bytes(),
        key_pem: key.signing_key.serialize_pem().into_bytes(),
    };
    (tls, pin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_a_pinned_certificate_syncs_and_any_other_certificate_is_refused() {
    let (dir, storage) = scratch_storage().await.unwrap();
    let r = steppe_demo::seed_region(storage.as_ref()).await.unwrap();
    let (tls, pin) = self_signed();
    let running = steppe_server::http::serve_tls(
        steppe_server::app_state(storage.clone(), None),
        "127.0.0.1:0".parse().unwrap(),
        tls,
    )
    .await
    .unwrap();
    let url = format!("https://{}", running.addr);

    // The usual authorities do not vouch for this certificate: enrollment fails, offline-typed.
    let code = steppe_server::admin::issue_code(storage.as_ref(), r.mediator_a, 1)
        .await
        .unwrap();
    assert!(
        steppe_client::enroll(&url, &code, "unpinned")
            .await
            .is_err()
    );
    // A different pin is refused as such, not retried as a network failure.
    let code = steppe_server::admin::issue_code(storage.as_ref(), r.mediator_a, 1)
        .await
        .unwrap();
    assert!(matches!(
        steppe_client::enroll_pinned(&url, &code, "wrong pin", Some([7; 32])).await,
        Err(steppe_client::SyncError::UntrustedServer)
    ));
    // With the right pin: enroll, write, sync over TLS.
    let e = steppe_client::enroll_pinned(&url, &code, "pinned", Some(pin))
        .await
        .unwrap();
    let store = std::sync::Arc::new(
        steppe_core::Steppe::builder(dir.path().join("p.db"), e.identity.clone())
            .actor(&e.actor)
            .open()
            .unwrap(),
    );
    let client = steppe_client::SyncClient::new(&url, &e.token)
        .unwrap()
        .with_pinned_certificate(pin)
        .unwrap();
    client.sync(&store, None).await.unwrap();
    debt_case(&store, r.branch1).unwrap();
    let report = client.sync(&store, None).await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
    // The same token through a client pinning another certificate sends nothing.
    let wrong = steppe_client::SyncClient::new(&url, &e.token)
        .unwrap()
        .with_pinned_certificate([9; 32])
        .unwrap();
    assert!(matches!(
        wrong.sync(&store, None).await,
        Err(steppe_client::SyncError::UntrustedServer)
    ));
    running.shutdown().await;
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_and_a_burst_do_not_stop_other_devices_and_memory_stays_bounded() {
    use tokio::io::AsyncWriteExt;
    let (dir, server, r) = region().await.unwrap();
    let phone = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    phone.sync().await.unwrap();
    let before = rss_mb();
    // 300 connections that start a sync request and stall mid-headers or mid-body.
    let mut stalled = Vec::new();
    for i in 0..300 {
        let mut s = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
        let head = if i % 2 == 0 {
            "POST /v2/sync HTTP/1.1\r\nHost: x\r\nContent-Len".to_string()
        } else {
            "POST /v2/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x.y\r\nContent-Length: 8000000\r\n\r\nabc".to_string()
        };
        s.write_all(head.as_bytes()).await.unwrap();
        stalled.push(s);
    }
    // A burst of 300 requests at once with this device's id and wrong secrets: each costs the
    // server a password hash, queued on its hashing threads.
    let http_client = reqwest::Client::new();
    let forged = format!("{}.{}", phone.device_id, "0".repeat(64));
    let burst: Vec<_> = (0..300)
        .map(|_| {
            let c = http_client.clone();
            let forged = forged.clone();
            let url = format!("{}{}", server.url(), steppe_protocol::SYNC_PATH);
            tokio::spawn(async move {
                c.post(url)
                    .bearer_auth(forged)
                    .body(vec![0u8; 64])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    // Meanwhile a real device writes and syncs as usual.
    debt_case(&phone.store, r.branch1).unwrap();
    let report = tokio::time::timeout(std::time::Duration::from_secs(30), phone.sync())
        .await
        .expect("a device syncs while others misbehave")
        .unwrap();
    assert_eq!(report.sent, 1);
    for b in burst {
        assert_eq!(
            b.await.unwrap().unwrap(),
            401,
            "every bad request gets an explicit answer"
        );
    }
    // The half-sent bodies claim 8 MB each (2.4 GB in all): memory must not follow the claims.
    // The bound is loose because other tests share this process and the test's own allocator
    // keeps the Argon2 buffers of the burst (the server binary uses mimalloc).
    let grew = rss_mb() - before;
    assert!(
        grew < 400.0,
        "memory grew by {grew:.0} MB with 300 stalled connections"
    );
    drop(stalled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_that_fall_silent_are_closed_and_slow_ones_are_not() {
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;
    let (_dir, storage) = scratch_storage().await.unwrap();
    let state = steppe_server::state::AppState {
        timeouts: http::Timeouts {
            header: Duration::from_secs(1),
            body_idle: Duration::from_secs(1),
        },
        ..Arc::try_unwrap(app_state(storage, None)).unwrap()
    };
    let running = http::serve(Arc::new(state), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let addr = running.addr;

    // Falls silent in its request head, and in its body.
    let mut in_head = TcpStream::connect(addr).await.unwrap();
    in_head
        .write_all(b"POST /v2/sync HTTP/1.1\r\nHost: x\r\nContent-Len")
        .await
        .unwrap();
    let mut in_body = TcpStream::connect(addr).await.unwrap();
    in_body
        .write_all(b"POST /v2/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x.y\r\nContent-Length: 8000\r\n\r\nabc")
        .await
        .unwrap();
    for (what, sock) in [("head", &mut in_head), ("body", &mut in_body)] {
        let mut seen = Vec::new();
        // Ends (EOF or reset) well within the wait, with at most an error status said.
        let _ended = tokio::time::timeout(Duration::from_secs(15), sock.read_to_end(&mut seen))
            .await
            .unwrap_or_else(|_| panic!("a connection silent in its {what} stays open"));
        let said = String::from_utf8_lossy(&seen);
        assert!(
            seen.is_empty() || said.starts_with("HTTP/1.1 4"),
            "{what}: {said}"
        );
    }

    // A 2G upload: slow, but never silent for a whole timeout. It is read to the end and
    // answered (401: the token is made up).
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"POST /v2/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x.y\r\nContent-Length: 12\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    for piece in [b"abc", b"def", b"ghi", b"jkl"] {
        tokio::time::sleep(Duration::from_millis(600)).await;
        slow.write_all(piece).await.unwrap();
    }
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(15), slow.read_to_end(&mut answer))
        .await
        .expect("answered")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_latency_and_body_sizes_are_histograms_with_buckets() {
    // Handlers record on tokio's worker threads: only a recorder installed for the whole
    // process sees them (once per test binary).
    static HANDLE: std::sync::OnceLock<metrics_exporter_prometheus::PrometheusHandle> =
        std::sync::OnceLock::new();
    let handle = HANDLE
        .get_or_init(|| {
            steppe_server::measures::exporter()
                .unwrap()
                .install_recorder()
                .unwrap()
        })
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("server.db").to_string_lossy().into_owned();
    let storage = steppe_server::open_storage(&database).await.unwrap();
    let running = http::serve(
        app_state(storage.clone(), Some(handle.clone())),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let server = Server {
        storage,
        running: Some(running),
        database,
    };
    let r = seed(server.storage()).await.unwrap();
    let phone = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    phone.sync().await.unwrap();
    let text = handle.render();
    for metric in [
        steppe_server::measures::SYNC_SECONDS,
        steppe_server::measures::SYNC_REQUEST_BYTES,
        steppe_server::measures::SYNC_RESPONSE_BYTES,
    ] {
        assert!(
            text.contains(&format!("{metric}_bucket{{le=")),
            "{metric} is a histogram: {text}"
        );
        assert!(text.contains(&format!("{metric}_count")), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewed_certificate_serves_new_handshakes_and_open_connections_stay() {
    let (dir, storage) = scratch_storage().await.unwrap();
    let r = steppe_demo::seed_region(storage.as_ref()).await.unwrap();
    let ((old, old_pin), (new, new_pin)) = (self_signed(), self_signed());
    let running = steppe_server::http::serve_tls(
        app_state(storage.clone(), None),
        "127.0.0.1:0".parse().unwrap(),
        old,
    )
    .await
    .unwrap();
    let url = format!("https://{}", running.addr);
    let code = steppe_server::admin::issue_code(storage.as_ref(), r.mediator_a, 1)
        .await
        .unwrap();
    let e = steppe_client::enroll_pinned(&url, &code, "a", Some(old_pin))
        .await
        .unwrap();
    let store = Arc::new(
        steppe_core::Steppe::builder(dir.path().join("p.db"), e.identity.clone())
            .actor(&e.actor)
            .open()
            .unwrap(),
    );
    let pinned = |pin| {
        steppe_client::SyncClient::new(&url, &e.token)
            .unwrap()
            .with_pinned_certificate(pin)
            .unwrap()
    };
    let open = pinned(old_pin);
    open.sync(&store, None).await.unwrap();

    running.reload_tls(new).await.unwrap();
    // A broken renewal is refused and the certificate in service stays.
    let broken = steppe_server::http::Tls {
        cert_pem: b"not a certificate".to_vec(),
        key_pem: b"not a key".to_vec(),
    };
    assert!(running.reload_tls(broken).await.is_err());

    // The connection opened before the renewal goes on: the client's pooled connection still
    // speaks to the old certificate's session.
    debt_case(&store, r.branch1).unwrap();
    assert_eq!(open.sync(&store, None).await.unwrap().sent, 1);
    // A new handshake gets the new certificate: a client pinning the old one is refused...
    assert!(matches!(
        pinned(old_pin).sync(&store, None).await,
        Err(steppe_client::SyncError::UntrustedServer)
    ));
    // ...and one pinning the new one syncs.
    debt_case(&store, r.branch1).unwrap();
    assert_eq!(pinned(new_pin).sync(&store, None).await.unwrap().sent, 1);
    running.shutdown().await;
}
