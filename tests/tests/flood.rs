//! Abuse at the transport and token checks, against a real server on 127.0.0.1: a flood of
//! forged tokens beside honest devices, HTTP/2 connections that fall silent, too many
//! connections from one address, and bodies declared larger than the limit.
//!
//! Attackers connect from other loopback addresses (127.0.0.2 and up, all routed to `lo` on
//! Linux) so the per-address connection cap tells them apart from the honest phones on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use steppe_server::auth;
use steppe_server::http::{ConnectionLimits, Timeouts};
use steppe_server::storage::{DeviceRecord, Storage};
use steppe_tests::harness::{Phone, debt_case, region_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

fn rss_mib() -> f64 {
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

/// The default limits, with loopback clients counted like any other (by default they are not,
/// for a reverse proxy on the same host): here every client is on loopback.
fn counted() -> ConnectionLimits {
    ConnectionLimits {
        exempt_loopback: false,
        ..ConnectionLimits::default()
    }
}

fn loopback(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))
}

/// A TCP connection to `server` from the loopback address `from`.
async fn connect_from(from: IpAddr, server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(server).await
}

/// A device of `user` whose token is hashed with Argon2, as databases from before keyed hashes
/// hold them. Returns its token.
async fn legacy_device(storage: &dyn Storage, like: &str, actor: u8) -> String {
    let user_id = storage.device(like).await.unwrap().unwrap().user_id;
    let (secret, token_hash) = auth::new_secret().unwrap();
    assert!(token_hash.starts_with("$argon2id$"));
    let id = format!("legacy{actor:02x}{}", "0".repeat(24));
    storage
        .put_device(&DeviceRecord {
            id: id.clone(),
            user_id,
            name: "legacy".into(),
            actor: vec![actor; 16],
            token_hash,
            revoked: false,
        })
        .await
        .unwrap();
    format!("{id}.{secret}")
}

/// Posts `body` to the sync path with `token`; the status and `Retry-After`, or why not.
async fn post_sync(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    body: Vec<u8>,
) -> Result<(u16, Option<String>), String> {
    let r = client
        .post(format!("{url}{}", steppe_protocol::SYNC_PATH))
        .header("authorization", format!("Bearer {token}"))
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{e:?}"))?;
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    Ok((status, retry))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Honest phones keep syncing while 4,000 forged requests arrive from four other addresses, 40 at
/// a time from each (under the per-address cap, so every forged request is answered rather than
/// its connection refused):
/// - forged secrets with real (keyed-hash) device ids: two lookups and a BLAKE3 hash each, 401;
/// - forged secrets with a real Argon2 device id: 401, or 503 `Retry-After: 5` when the hashing
///   queue is full;
/// - garbage tokens: 401 without a lookup.
///
/// The honest p99 bound is 2 s: an honest sync is one round trip of a few milliseconds
/// unloaded; under the flood it shares two cores (with other tests and builds on this machine)
/// and the storage with ~160 concurrent forged requests, each a few milliseconds of work, so
/// queueing of a few hundred milliseconds is expected. Without bounded work per forged request
/// (Argon2 per forged token queued without limit) an honest device on an Argon2 token waited
/// behind all of them: seconds to tens of seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn honest_devices_sync_through_a_flood_of_forged_tokens() {
    let (dir, server, r) = region_with(Timeouts::default(), counted()).await.unwrap();
    let mut phones = Vec::new();
    for (i, user) in [r.mediator_a, r.mediator_b, r.mediator_a]
        .into_iter()
        .enumerate()
    {
        let phone = Phone::enroll(&server, user, dir.path(), &format!("honest{i}"))
            .await
            .unwrap();
        phone.sync().await.unwrap();
        let stored = server.storage().device(&phone.device_id).await.unwrap();
        assert!(
            stored.unwrap().token_hash.starts_with(auth::KEYED_PREFIX),
            "new tokens get keyed BLAKE3 hashes"
        );
        phones.push(Arc::new(phone));
    }
    let key = server.storage().meta("token_key").await.unwrap().unwrap();
    assert_eq!(key.len(), 64, "a 256-bit key, once per database");
    let legacy_token = legacy_device(server.storage(), &phones[0].device_id, 0xa1).await;
    let legacy_id = legacy_token.split('.').next().unwrap().to_string();
    let real_ids: Vec<String> = phones.iter().map(|p| p.device_id.clone()).collect();

    let before = rss_mib();
    let flooding = Arc::new(AtomicBool::new(true));

    // Honest phones: write a case and sync, over and over, for as long as the flood lasts.
    let honest: Vec<_> = phones
        .iter()
        .map(|phone| {
            let (phone, flooding, branch) = (phone.clone(), flooding.clone(), r.branch1);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while flooding.load(Ordering::SeqCst) || latencies.len() < 5 {
                    debt_case(&phone.store, branch).unwrap();
                    let started = Instant::now();
                    let report = tokio::time::timeout(Duration::from_secs(30), phone.sync())
                        .await
                        .expect("an honest sync finishes")
                        .expect("an honest sync succeeds");
                    latencies.push(started.elapsed());
                    assert_eq!(report.rejected, 0);
                }
                latencies
            })
        })
        .collect();

    const ADDRESSES: u8 = 4;
    const WORKERS: usize = 40;
    const PER_WORKER: usize = 25;
    let url = server.url();
    let mut forgers = Vec::new();
    for a in 0..ADDRESSES {
        let client = reqwest::Client::builder()
            .local_address(loopback(2 + a))
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        for w in 0..WORKERS {
            let (client, url) = (client.clone(), url.clone());
            let (real_ids, legacy_id) = (real_ids.clone(), legacy_id.clone());
            forgers.push(tokio::spawn(async move {
                let mut seen = Vec::new();
                for n in 0..PER_WORKER {
                    let secret = blake3::hash(format!("{a}/{w}/{n}").as_bytes()).to_hex();
                    let token = match n % 5 {
                        0 => format!("{legacy_id}.{secret}"),
                        1 => "garbage".to_string(),
                        2 => format!("nosuchdevice.{secret}"),
                        k => format!("{}.{secret}", real_ids[(k + w) % real_ids.len()]),
                    };
                    let answer = post_sync(&client, &url, &token, vec![0u8; 64]).await;
                    seen.push((n % 5, answer));
                }
                seen
            }));
        }
    }
    let flood_started = Instant::now();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for f in forgers {
        let seen = tokio::time::timeout(Duration::from_secs(180), f)
            .await
            .expect("the flood is answered within its time bound")
            .unwrap();
        for (kind, answer) in seen {
            let (status, retry) = answer.unwrap_or_else(|e| panic!("a forged request: {e}"));
            assert!(
                status == 401 || (status == 503 && kind == 0),
                "forged token of kind {kind}: {status}"
            );
            if status == 503 {
                assert_eq!(
                    retry.as_deref(),
                    Some("5"),
                    "a busy answer says when to return"
                );
            }
            *statuses.entry(status).or_default() += 1;
        }
    }
    let flood_took = flood_started.elapsed();
    flooding.store(false, Ordering::SeqCst);
    let mut latencies = Vec::new();
    for h in honest {
        latencies.extend(h.await.unwrap());
    }
    latencies.sort();
    let p50 = percentile(&latencies, 0.5);
    let p99 = percentile(&latencies, 0.99);
    let grew = rss_mib() - before;
    eprintln!(
        "flood: {} forged in {flood_took:?} ({statuses:?}); {} honest syncs, p50 {p50:?}, p99 {p99:?}, max {:?}; RSS +{grew:.0} MiB",
        statuses.values().sum::<usize>(),
        latencies.len(),
        latencies.last().unwrap()
    );
    assert_eq!(
        statuses.values().sum::<usize>(),
        usize::from(ADDRESSES) * WORKERS * PER_WORKER
    );
    assert!(
        p99 < Duration::from_secs(2),
        "honest p99 {p99:?} under the flood"
    );
    // The test process's own allocator (glibc, unlike the server binary's mimalloc) keeps some
    // of the Argon2 buffers and the client side's buffers; 300 MiB still catches anything that
    // grows with the number of forged requests.
    assert!(grew < 300.0, "RSS grew by {grew:.0} MiB during the flood");

    // The Argon2 device still gets in with its real token once the flood is over (400: its body
    // is no sync request, but it passed authentication).
    let (status, _) = post_sync(&reqwest::Client::new(), &url, &legacy_token, vec![0u8; 8])
        .await
        .unwrap();
    assert_eq!(status, 400, "an Argon2 token from before still verifies");
}

/// A burst at an Argon2 device from three addresses at once: the hashing queue fills and the
/// rest are told to come back (503, `Retry-After: 5`) at once instead of waiting their turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_hashing_queue_answers_503_at_once() {
    let (dir, server, r) = region_with(Timeouts::default(), counted()).await.unwrap();
    let phone = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let legacy_token = legacy_device(server.storage(), &phone.device_id, 0xb2).await;
    let legacy_id = legacy_token.split('.').next().unwrap().to_string();
    let url = server.url();
    let start = Arc::new(tokio::sync::Barrier::new(150));
    let mut burst = Vec::new();
    for i in 0..150u32 {
        let client = reqwest::Client::builder()
            .local_address(loopback(2 + (i % 3) as u8))
            .build()
            .unwrap();
        let (url, start) = (url.clone(), start.clone());
        let token = format!("{legacy_id}.{}", blake3::hash(&i.to_le_bytes()).to_hex());
        burst.push(tokio::spawn(async move {
            start.wait().await;
            post_sync(&client, &url, &token, vec![0u8; 16]).await
        }));
    }
    let (mut refused, mut busy) = (0, 0);
    for b in burst {
        let (status, retry) = tokio::time::timeout(Duration::from_secs(60), b)
            .await
            .expect("answered")
            .unwrap()
            .unwrap();
        match status {
            401 => refused += 1,
            503 => {
                assert_eq!(retry.as_deref(), Some("5"));
                busy += 1;
            }
            other => panic!("forged Argon2 token: {other}"),
        }
    }
    assert!(
        busy > 0,
        "150 at once exceed the queue ({} + 2 running): {refused} refused, {busy} busy",
        auth::HASHING_QUEUE
    );
    assert!(refused > 0, "the queued ones are verified and refused");
}

/// An HTTP/2 (prior knowledge, cleartext) connection that sends its preface and then nothing,
/// never answering a ping, is closed once the keep-alive timeout runs out, well before the
/// 30-second header timeout (which would otherwise be the only limit).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_http2_connection_is_closed_after_an_unanswered_ping() {
    let limits = ConnectionLimits {
        h2_keep_alive_interval: Duration::from_millis(300),
        h2_keep_alive_timeout: Duration::from_millis(300),
        ..ConnectionLimits::default()
    };
    let timeouts = Timeouts {
        header: Duration::from_secs(30),
        body_idle: Duration::from_secs(30),
    };
    let (_dir, server, _r) = region_with(timeouts, limits).await.unwrap();
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .unwrap();
    // An empty SETTINGS frame: the rest of the client's preface.
    s.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await.unwrap();
    let opened = Instant::now();
    let mut received = Vec::new();
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    let took = opened.elapsed();
    assert!(ended.is_ok(), "a silent HTTP/2 connection stays open");
    // Frame types the server sent: 4 SETTINGS, 6 PING, 7 GOAWAY.
    let mut types = Vec::new();
    let mut rest = &received[..];
    while rest.len() >= 9 {
        let len = usize::from(rest[0]) << 16 | usize::from(rest[1]) << 8 | usize::from(rest[2]);
        types.push(rest[3]);
        rest = &rest[(9 + len).min(rest.len())..];
    }
    assert!(types.contains(&6), "the server pinged first: {types:?}");
    assert!(
        took < Duration::from_secs(5),
        "closed {took:?} after the preface"
    );
}

/// Past the cap, connections from one address are closed as they are accepted; those within
/// it are served, a slot comes back when its connection closes, and a device on another
/// address syncs throughout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_per_address_cap_are_refused_and_others_still_sync() {
    const CAP: usize = 8;
    let limits = ConnectionLimits {
        per_address: CAP,
        ..counted()
    };
    let (dir, server, r) = region_with(Timeouts::default(), limits).await.unwrap();
    let phone = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    phone.sync().await.unwrap();
    let attacker = loopback(2);

    async fn healthz(s: &mut TcpStream) -> String {
        let _ = s
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .await;
        let mut buf = vec![0u8; 1024];
        match tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await {
            Ok(Ok(n)) => String::from_utf8_lossy(&buf[..n]).into_owned(),
            Ok(Err(e)) => format!("error: {e}"),
            Err(_) => "no answer".into(),
        }
    }

    let mut held = Vec::new();
    for _ in 0..CAP {
        let mut s = connect_from(attacker, server.addr()).await.unwrap();
        let said = healthz(&mut s).await;
        assert!(said.starts_with("HTTP/1.1 200"), "within the cap: {said}");
        held.push(s);
    }
    for _ in 0..4 {
        // The kernel completes the handshake; the server closes it as soon as it accepts it.
        let mut s = connect_from(attacker, server.addr()).await.unwrap();
        let said = healthz(&mut s).await;
        assert!(
            said.is_empty() || said.starts_with("error"),
            "over the cap: {said}"
        );
    }
    debt_case(&phone.store, r.branch1).unwrap();
    let report = tokio::time::timeout(Duration::from_secs(30), phone.sync())
        .await
        .expect("answered")
        .expect("a device on another address syncs");
    assert_eq!(report.sent, 1);

    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut s = connect_from(attacker, server.addr()).await.unwrap();
        if healthz(&mut s).await.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a closed connection gives its slot back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A body declared over the limit is refused on its headers with 413, before any of it is sent
/// and without `100 Continue`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_declared_over_the_limit_is_refused_before_it_is_sent() {
    let (_dir, server, _r) = region_with(Timeouts::default(), counted()).await.unwrap();
    let over = steppe_protocol::Limits::default().max_body + 1;
    for expect in ["Expect: 100-continue\r\n", ""] {
        let mut s = TcpStream::connect(server.addr()).await.unwrap();
        let head = format!(
            "POST /v2/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x.y\r\nContent-Length: {over}\r\n{expect}\r\n"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let started = Instant::now();
        let mut buf = vec![0u8; 1024];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("answered without the body")
            .unwrap();
        let said = String::from_utf8_lossy(&buf[..n]);
        assert!(said.starts_with("HTTP/1.1 413"), "{expect:?}: {said}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "refused at once"
        );
    }
}

/// A device whose token hash is made here with the database's key, as the server makes them:
/// its token, for tests that need an honest token outside a phone.
async fn keyed_device(storage: &dyn Storage, like: &str, actor: u8) -> String {
    let user_id = storage.device(like).await.unwrap().unwrap().user_id;
    let key = storage.meta("token_key").await.unwrap().unwrap();
    let mut key_bytes = [0u8; 32];
    for (i, b) in key_bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(&key[2 * i..2 * i + 2], 16).unwrap();
    }
    let secret = blake3::hash(&[actor]).to_hex().to_string();
    let id = format!("keyed{actor:02x}{}", "0".repeat(25));
    storage
        .put_device(&DeviceRecord {
            id: id.clone(),
            user_id,
            name: "keyed".into(),
            actor: vec![actor; 16],
            token_hash: auth::keyed_hash(&key_bytes, &secret),
            revoked: false,
        })
        .await
        .unwrap();
    format!("{id}.{secret}")
}

/// Compression bombs from an authenticated device, 24 at once against one decoder that is
/// waited for 1 ms: the rest are told to retry (503, `Retry-After: 1`) rather than inflating
/// side by side, and a device syncing meanwhile gets through (after being told to retry, if
/// the bombs held the decoder when it came).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compressed_bodies_beyond_the_decoders_are_told_to_retry() {
    let limits = ConnectionLimits {
        decoders: 1,
        decode_wait: Duration::from_millis(1),
        ..counted()
    };
    let (dir, server, r) = region_with(Timeouts::default(), limits).await.unwrap();
    let phone = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    phone.sync().await.unwrap();
    let token = keyed_device(server.storage(), &phone.device_id, 0xc3).await;
    let bomb = zstd::stream::encode_all(vec![0u8; 48 << 20].as_slice(), 3).unwrap();
    let client = reqwest::Client::builder()
        .local_address(loopback(2))
        .build()
        .unwrap();
    let url = format!("{}{}", server.url(), steppe_protocol::SYNC_PATH);
    let burst: Vec<_> = (0..24)
        .map(|_| {
            let (client, url, token, bomb) =
                (client.clone(), url.clone(), token.clone(), bomb.clone());
            tokio::spawn(async move {
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .header("content-encoding", "zstd")
                    .body(bomb)
                    .send()
                    .await
                    .unwrap();
                let retry = r
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_string());
                (r.status().as_u16(), retry)
            })
        })
        .collect();
    // The device's body is compressed too (over 200 bytes), so it may be told to retry while
    // the bombs hold the decoder, as a phone would be: then it comes back, and gets through.
    debt_case(&phone.store, r.branch1).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let report = loop {
        match tokio::time::timeout(Duration::from_secs(30), phone.sync())
            .await
            .expect("answered")
        {
            Ok(report) => break report,
            Err(steppe_client::SyncError::Offline(e)) if e.starts_with("503") => {
                assert!(Instant::now() < deadline, "a device syncs beside the bombs");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("a device beside the bombs: {e:?}"),
        }
    };
    assert_eq!(report.sent, 1);
    let (mut refused, mut busy) = (0, 0);
    for b in burst {
        match tokio::time::timeout(Duration::from_secs(60), b)
            .await
            .expect("answered")
            .unwrap()
        {
            (400, _) => refused += 1,
            (503, retry) => {
                assert_eq!(retry.as_deref(), Some("1"));
                busy += 1;
            }
            other => panic!("a compression bomb: {other:?}"),
        }
    }
    assert!(
        busy > 0,
        "one decoder, 24 bombs: {refused} refused, {busy} busy"
    );
    assert!(
        refused > 0,
        "the bombs that got a decoder are refused as too large"
    );
}
