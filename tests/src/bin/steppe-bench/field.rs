//! The field suite (issue 17, ADR 0011): two phones meeting over a shaped Bluetooth-like link
//! (1 Mbit/s, 50 ms round trip) beside the HTTP first sync of the same records through the same
//! link; signing and verifying; a commit with and without signing its change; and a week of a
//! gacha's work as a bundle file beside the same changes over HTTP.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use steppe_client::SyncClient;
use steppe_core::PeerRole;
use steppe_domain::mediation::CaseCategory;
use steppe_protocol::signing::{Purpose, SecretKey, verify};
use steppe_tests::harness::{Phone, region, village_case};

use crate::proxy::{self, Link};
use crate::report::{percentile, write_figures};

/// Bluetooth-like: 1 Mbit/s each way, 25 ms each way.
const BLUETOOTH: Link = Link {
    name: "bluetooth",
    down_kbps: 1000.0,
    up_kbps: 1000.0,
    down_delay_ms: 25,
    up_delay_ms: 25,
    loss: 0.0,
};

pub fn run(quick: bool, out: &Path) -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(run_async(quick, out))
}

async fn run_async(quick: bool, out: &Path) -> Result<()> {
    let records = if quick { 50 } else { 1000 };
    let mut fig: BTreeMap<&str, f64> = BTreeMap::new();
    fig.insert("records_peer", records as f64);
    let (dir, server, r) = region().await?;

    // The author's phone holds `records` unsent cases of its branch; a phone of the same branch
    // meets it through the shaped link.
    let author = Phone::enroll(&server, r.mediator_a, dir.path(), "author").await?;
    author.sync().await?;
    let reader = Phone::enroll(&server, r.mediator_b, dir.path(), "reader").await?;
    reader.sync().await?;
    for i in 0..records {
        author.store.open_case(village_case(
            r.branch1,
            CaseCategory::ALL[i % CaseCategory::ALL.len()],
            format!("第{i}件纠纷，双方就草场边界各执一词，经调解达成口头协议"),
        ))?;
    }
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let shaped = proxy::start(listener.local_addr()?, BLUETOOTH).await?;
    let (a, b) = (author.store.clone(), reader.store.clone());
    let via = shaped.addr;
    let started = Instant::now();
    let (sent, got) = tokio::task::spawn_blocking(move || {
        std::thread::scope(|s| {
            let responder = s.spawn(|| {
                let (mut link, _) = listener.accept()?;
                anyhow::Ok(b.meet(&mut link, PeerRole::Responder)?)
            });
            let mut link = std::net::TcpStream::connect(via)?;
            let sent = a.meet(&mut link, PeerRole::Initiator)?;
            let got = responder.join().map_err(|_| anyhow::anyhow!("peer"))??;
            anyhow::Ok((sent, got))
        })
    })
    .await??;
    let peer_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        got.received as usize == records,
        "the reader got {}",
        got.received
    );
    anyhow::ensure!(sent.offered_changes as usize == records);
    let (up, down) = shaped.take();
    fig.insert("peer1000_bytes", (up + down) as f64);
    fig.insert("peer1000_s", peer_s);

    // The same records by HTTP: the author uploads them, a new phone of the reader's user
    // downloads them in its first sync, through the same link.
    author.sync().await?;
    let fresh = Phone::enroll(&server, r.mediator_b, dir.path(), "fresh").await?;
    let http = proxy::start(server.addr(), BLUETOOTH).await?;
    let token = fresh.client.token().to_string();
    let client = SyncClient::new(&http.url(), &token)?;
    let started = Instant::now();
    client.sync(&fresh.store, None).await?;
    fig.insert("http1000_s", started.elapsed().as_secs_f64());
    let (up, down) = http.take();
    fig.insert("http1000_bytes", (up + down) as f64);

    // Signing and verifying change hashes.
    let key = SecretKey::generate()?;
    let n = if quick { 1_000 } else { 10_000 };
    let hashes: Vec<[u8; 32]> = (0..n)
        .map(|i| *blake3::hash(&(i as u64).to_le_bytes()).as_bytes())
        .collect();
    let t = Instant::now();
    let signatures: Vec<[u8; 64]> = hashes
        .iter()
        .map(|h| key.sign(Purpose::Change, h))
        .collect();
    fig.insert("sign_us", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let public = key.public();
    let t = Instant::now();
    let good = hashes
        .iter()
        .zip(&signatures)
        .filter(|(h, s)| verify(&public, Purpose::Change, *h, *s))
        .count();
    let verify_s = t.elapsed().as_secs_f64();
    anyhow::ensure!(good == n);
    fig.insert("verify_us", verify_s * 1e6 / n as f64);
    fig.insert("verify10k_s", verify_s * 10_000.0 / n as f64);

    // A commit, and a commit whose change is then signed (as a phone would if it signed at
    // commit time rather than when a change leaves it).
    let commits = if quick { 50 } else { 300 };
    let mut plain = Vec::with_capacity(commits);
    let mut signed = Vec::with_capacity(commits);
    for i in 0..commits {
        let case = |n: usize| village_case(r.branch1, CaseCategory::Debt, format!("借款纠纷{n}"));
        let t = Instant::now();
        author.store.open_case(case(i))?;
        plain.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        author.store.open_case(case(commits + i))?;
        let _ = key.sign(Purpose::Change, &hashes[i % hashes.len()]);
        signed.push(t.elapsed().as_secs_f64() * 1e3);
    }
    fig.insert("commit_p95_unsigned_ms", percentile(&mut plain, 0.95));
    fig.insert("commit_p95_signed_ms", percentile(&mut signed, 0.95));
    author.sync().await?;

    // A week of a gacha's work on one phone: cases with notes and visits, as a file and by HTTP.
    let week = Phone::enroll(&server, r.mediator_a, dir.path(), "week").await?;
    week.sync().await?;
    for day in 0..7 {
        let case = week.store.open_case(village_case(
            r.branch1,
            CaseCategory::Family,
            format!("第{day}天：赡养纠纷，子女对赡养费分担有争议"),
        ))?;
        for note in 0..3 {
            week.store
                .add_case_note(case, &format!("第{note}次调解：双方同意按月支付"))?;
        }
        week.store.add_case_visit(case, "入户走访，老人身体尚好")?;
    }
    let file = week.store.export_bundle()?;
    fig.insert("bundle_week_bytes", file.bytes.len() as f64);
    let http = proxy::start(server.addr(), BLUETOOTH).await?;
    let client = SyncClient::new(&http.url(), week.client.token())?;
    client.sync(&week.store, None).await?;
    let (up, down) = http.take();
    fig.insert("http_week_bytes", (up + down) as f64);
    drop(dir);
    write_figures(
        &fig,
        out,
        "field: peer1000 beside http1000 (the same records' first sync through the same link); \
         bundle_week beside http_week (the same changes uploaded)",
    )
}
