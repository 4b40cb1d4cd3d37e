//! The device store suite: create, commit, list, open — beside plain SQLite rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{Connection, TransactionBehavior, params};
use steppe_core::{ChangeEnvelope, DeviceIdentity, Steppe, StoreKey};
use steppe_domain::Id;
use steppe_domain::doc::RecordDoc;
use steppe_domain::mediation::{CaseCategory, CaseStatus, MediationCase};
use steppe_domain::org::OrgKind;

use crate::report::{percentile, write_figures};

/// Cases per branch in the large store (the list query pages within one branch).
const CASES_PER_BRANCH: usize = 500;

fn identity() -> DeviceIdentity {
    DeviceIdentity {
        user_id: "bench-user".into(),
        user_name: "bench".into(),
        device_id: "bench-device".into(),
        device_name: "bench".into(),
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn dir_bytes(path: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// The Steppe store under test, loaded in batches through the same path a first sync takes.
struct SteppeSide {
    store: Steppe,
    path: PathBuf,
    branches: Vec<Id>,
    cases: Vec<Id>,
}

/// The key of the benchmark's encrypted stores: phones ship encrypted, so that is what the
/// headline figures measure.
fn bench_key() -> Result<StoreKey> {
    Ok(StoreKey::from_bytes(&[0x5e; steppe_core::KEY_LEN])?)
}

fn open_store(path: &Path, encrypted: bool) -> Result<Steppe> {
    let builder = Steppe::builder(path, identity());
    let builder = if encrypted {
        builder.key(bench_key()?)
    } else {
        builder
    };
    Ok(builder.open()?)
}

/// A first sync's worth of cases, as the changes a server would send: each case opened and given
/// 0–2 notes by one remote actor. Made before the clock starts: only applying them is timed.
fn case_changes(
    n: usize,
    branches: &[Id],
    rng: &mut StdRng,
) -> Result<(Vec<Id>, Vec<ChangeEnvelope>)> {
    let actor = automerge::ActorId::random();
    let t0 = 1_790_000_000_000i64;
    let mut cases = Vec::with_capacity(n);
    let mut changes = Vec::with_capacity(n * 2);
    for i in 0..n {
        let id = Id::new();
        let branch = branches[i % branches.len()];
        let at = t0 + i as i64 * 60_000;
        let case = MediationCase::open(
            branch.to_string(),
            CaseCategory::ALL[i % 6],
            format!("嘎查{}", i % 97),
            format!("第{i}号纠纷：草场围栏位置争议，双方各执一词"),
            vec!["甲户".into(), "乙户".into()],
            vec!["民警".into()],
            at,
        )?;
        let mut doc = RecordDoc::create(id, &case, actor.clone(), at, "case.open")?;
        for k in 0..rng.random_range(0..3) {
            let mut c: MediationCase = doc.read()?;
            c.add_note(
                Id::new().to_string(),
                format!("第{}次走访记录", k + 1),
                "民警".into(),
                at + k,
            )?;
            doc.write(&c, at + k, "case.add_note")?;
        }
        changes.extend(doc.changes_since(&[]).into_iter().map(|c| ChangeEnvelope {
            doc: id,
            bytes: c.raw_bytes().to_vec(),
        }));
        cases.push(id);
    }
    Ok((cases, changes))
}

/// Changes per `apply_remote` call, as a first sync's pages deliver them.
const APPLY_BATCH: usize = 2000;

/// A store holding `n` cases applied the way a first sync applies them; the seconds the
/// applying took (decoding, storing, projecting), not the making of the changes.
fn build_steppe(
    dir: &Path,
    n: usize,
    branch_count: usize,
    rng: &mut StdRng,
    encrypted: bool,
) -> Result<(SteppeSide, f64)> {
    let path = dir.join(format!("steppe-{n}-{encrypted}.db"));
    let store = open_store(&path, encrypted)?;
    let league = store.create_org("盟", OrgKind::League, None)?;
    let banner = store.create_org("旗", OrgKind::Banner, Some(league))?;
    let sumu = store.create_org("苏木", OrgKind::Sumu, Some(banner))?;
    let branches: Vec<Id> = (0..branch_count)
        .map(|i| store.create_org(&format!("支部{i}"), OrgKind::Gacha, Some(sumu)))
        .collect::<Result<_, _>>()?;
    let (cases, changes) = case_changes(n, &branches, rng)?;
    let start = Instant::now();
    for batch in changes.chunks(APPLY_BATCH) {
        store.apply_remote(&[], batch)?;
    }
    let secs = start.elapsed().as_secs_f64();
    Ok((
        SteppeSide {
            store,
            path,
            branches,
            cases,
        },
        secs,
    ))
}

/// The baseline: the same records and queries as plain SQLite rows, no CRDT.
struct Plain {
    conn: Connection,
    path: PathBuf,
}

fn plain_open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS cases (id TEXT PRIMARY KEY, branch TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL,
             place TEXT NOT NULL, opened_at INTEGER NOT NULL, description TEXT NOT NULL, notes TEXT NOT NULL, entries INTEGER NOT NULL) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS cases_branch_status ON cases(branch, status, opened_at DESC);",
    )?;
    Ok(conn)
}

fn build_plain(
    dir: &Path,
    n: usize,
    branches: &[Id],
    rng: &mut StdRng,
) -> Result<(Plain, f64, Vec<String>)> {
    let path = dir.join(format!("plain-{n}.db"));
    let mut conn = plain_open(&path)?;
    let t0 = 1_790_000_000_000i64;
    let start = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(APPLY_BATCH) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for &i in chunk {
            let id = Id::new().to_string();
            let notes: Vec<String> = (0..rng.random_range(0..3))
                .map(|k| format!("第{}次走访记录", k + 1))
                .collect();
            tx.execute(
                "INSERT INTO cases VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    branches[i % branches.len()].to_string(),
                    CaseCategory::ALL[i % 6].code(),
                    format!("嘎查{}", i % 97),
                    t0 + i as i64 * 60_000,
                    format!("第{i}号纠纷：草场围栏位置争议，双方各执一词"),
                    serde_json::to_string(&notes)?,
                    notes.len() as i64
                ],
            )?;
            ids.push(id);
        }
        tx.commit()?;
    }
    Ok((Plain { conn, path }, start.elapsed().as_secs_f64(), ids))
}

/// What SQLCipher asks of `steppe-cipher` for each 4 KB page, in µs (median of `pages`): on
/// write a fresh IV, AES-256-CBC and an HMAC-SHA512 over the result and the page number; on read
/// the HMAC check and the decryption.
fn page_crypto_us(pages: usize) -> Result<(f64, f64)> {
    use steppe_cipher::primitives::{Digest, Mode, cipher, hmac, random};
    const PAGE: usize = 4096;
    const RESERVE: usize = 80; // IV 16 + HMAC 64, as SQLCipher 4 reserves
    const DATA: usize = PAGE - RESERVE;
    let fail = |e| anyhow::anyhow!("page crypto: {e:?}");
    let (key, mac_key) = ([7u8; 32], [9u8; 32]);
    let plain: Vec<u8> = (0..DATA).map(|i| i as u8).collect();
    let (mut page, mut back) = (vec![0u8; PAGE], vec![0u8; DATA]);
    let (mut enc, mut dec) = (Vec::with_capacity(pages), Vec::with_capacity(pages));
    for n in 0..pages {
        let number = (n as u32).to_le_bytes();
        let start = Instant::now();
        random(&mut page[DATA..]).map_err(fail)?;
        let iv: [u8; 16] = page[DATA..DATA + 16].try_into()?;
        let (data, reserve) = page.split_at_mut(DATA);
        cipher(Mode::Encrypt, &key, &iv, &plain, data).map_err(fail)?;
        let mut tag = [0u8; 64];
        hmac(
            Digest::Sha512,
            &mac_key,
            &[&data[..], &reserve[..16], &number],
            &mut tag,
        )
        .map_err(fail)?;
        reserve[16..].copy_from_slice(&tag);
        enc.push(start.elapsed().as_secs_f64() * 1e6);

        let start = Instant::now();
        let mut check = [0u8; 64];
        hmac(
            Digest::Sha512,
            &mac_key,
            &[&page[..DATA + 16], &number],
            &mut check,
        )
        .map_err(fail)?;
        if check != page[DATA + 16..] {
            bail!("page {n}: MAC mismatch");
        }
        cipher(Mode::Decrypt, &key, &iv, &page[..DATA], &mut back).map_err(fail)?;
        dec.push(start.elapsed().as_secs_f64() * 1e6);
        if back != plain {
            bail!("page {n}: round trip changed the page");
        }
    }
    Ok((percentile(&mut enc, 0.5), percentile(&mut dec, 0.5)))
}

fn list_query(conn: &Connection, branch: &str, offset: u32) -> Result<usize> {
    let mut stmt = conn.prepare_cached("SELECT id, category, status, place, opened_at, entries FROM cases WHERE branch = ?1 AND status = 'open' ORDER BY opened_at DESC LIMIT 50 OFFSET ?2")?;
    let rows = stmt.query_map(params![branch, offset], |r| r.get::<_, String>(0))?;
    Ok(rows.count())
}

fn probe(kind: &str, path: &Path, branch: &str) -> Result<(f64, f64)> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["open-probe", kind])
        .arg(path)
        .arg(branch)
        .output()?;
    if !out.status.success() {
        bail!("probe failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8(out.stdout)?;
    let mut parts = text.split_whitespace().map(str::parse::<f64>);
    Ok((parts.next().context("ms")??, parts.next().context("rss")??))
}

pub fn run(quick: bool, out: &Path) -> Result<()> {
    let (small, large) = if quick {
        (1_000, 5_000)
    } else {
        (10_000, 100_000)
    };
    let dir = tempfile::tempdir()?;
    let mut rng = StdRng::seed_from_u64(7);
    let mut fig: BTreeMap<&str, f64> = BTreeMap::new();

    let branch_count = (large / CASES_PER_BRANCH).max(1);
    let (s10, apply_small) = build_steppe(dir.path(), small, branch_count, &mut rng, true)?;
    let (p10, base_apply_small, _) = build_plain(dir.path(), small, &s10.branches, &mut rng)?;
    let (s100, apply_large) = build_steppe(dir.path(), large, branch_count, &mut rng, true)?;
    // The same store unencrypted: what SQLCipher costs.
    let (u100, apply_large_unencrypted) =
        build_steppe(dir.path(), large, branch_count, &mut rng, false)?;
    let (p100, base_apply_large, plain_ids) =
        build_plain(dir.path(), large, &s100.branches, &mut rng)?;
    fig.insert("apply_10k_s", apply_small);
    fig.insert("baseline_apply_10k_s", base_apply_small);
    fig.insert("apply_100k_s", apply_large);
    fig.insert("baseline_apply_100k_s", base_apply_large);
    fig.insert("unencrypted_apply_100k_s", apply_large_unencrypted);
    fig.insert("apply_vs_baseline_100k", apply_large / base_apply_large);
    // Cost growth: 10× the records should cost 10× the time if applying is linear.
    fig.insert("apply_growth_100k_over_10k", apply_large / apply_small);

    // Committing one edit: a note on a random case of the large store, each its own transaction.
    let samples = if quick { 60 } else { 400 };
    let mut commit = Vec::new();
    let mut plain_commit = Vec::new();
    for _ in 0..samples {
        for (side, times) in [(&s100, &mut commit), (&u100, &mut plain_commit)] {
            let case = side.cases[rng.random_range(0..side.cases.len())];
            let t = Instant::now();
            side.store.add_case_note(case, "回访：双方无新争议")?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let mut base_commit = Vec::new();
    for _ in 0..samples {
        let id = &plain_ids[rng.random_range(0..plain_ids.len())];
        let t = Instant::now();
        let tx = p100.conn.unchecked_transaction()?;
        let notes: String =
            tx.query_row("SELECT notes FROM cases WHERE id = ?1", [id], |r| r.get(0))?;
        let mut notes: Vec<String> = serde_json::from_str(&notes)?;
        notes.push("回访：双方无新争议".into());
        tx.execute(
            "UPDATE cases SET notes = ?2, entries = ?3 WHERE id = ?1",
            params![id, serde_json::to_string(&notes)?, notes.len() as i64],
        )?;
        tx.commit()?;
        base_commit.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    fig.insert("commit_p50_ms", percentile(&mut commit, 0.5));
    fig.insert("commit_p95_ms", percentile(&mut commit, 0.95));
    fig.insert("baseline_commit_p50_ms", percentile(&mut base_commit, 0.5));
    fig.insert("baseline_commit_p95_ms", percentile(&mut base_commit, 0.95));
    // What SQLCipher costs: the same edits on the same store unencrypted.
    for (name, q) in [
        ("unencrypted_commit_p50_ms", 0.5),
        ("unencrypted_commit_p95_ms", 0.95),
    ] {
        fig.insert(name, percentile(&mut plain_commit, q));
    }

    // An indexed 50-row list over the large store.
    let queries = if quick { 100 } else { 1000 };
    let per_branch = (large / branch_count) as u32;
    let mut list = Vec::new();
    let mut plain_list = Vec::new();
    let mut base_list = Vec::new();
    for _ in 0..queries {
        let pick = rng.random_range(0..branch_count);
        let offset = rng.random_range(0..per_branch.saturating_sub(50).max(1));
        for (side, times) in [(&s100, &mut list), (&u100, &mut plain_list)] {
            let t = Instant::now();
            let rows = side
                .store
                .cases(side.branches[pick], Some(CaseStatus::Open), 50, offset)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if rows.len() != 50 {
                bail!("list returned {} rows", rows.len());
            }
        }
        let t = Instant::now();
        let n = list_query(&p100.conn, &s100.branches[pick].to_string(), offset)?;
        base_list.push(t.elapsed().as_secs_f64() * 1000.0);
        if n != 50 {
            bail!("baseline list returned {n} rows");
        }
    }
    fig.insert("list50_p50_ms_100k", percentile(&mut list, 0.5));
    fig.insert("list50_p95_ms_100k", percentile(&mut list, 0.95));
    fig.insert(
        "unencrypted_list50_p95_ms_100k",
        percentile(&mut plain_list, 0.95),
    );
    fig.insert(
        "baseline_list50_p95_ms_100k",
        percentile(&mut base_list, 0.95),
    );

    let (db, base_db) = (dir_bytes(&s100.path) as f64, dir_bytes(&p100.path) as f64);
    fig.insert("db_mb_100k", db / 1e6);
    fig.insert("baseline_db_mb_100k", base_db / 1e6);
    fig.insert("db_bytes_per_record_100k", db / large as f64);
    fig.insert("baseline_db_bytes_per_record_100k", base_db / large as f64);
    fig.insert("db_vs_baseline_100k", db / base_db);

    // Opening the small store in a fresh process: time to first list, and peak memory.
    let branch = s10.branches[0].to_string();
    let (s10_path, p10_path) = (s10.path.clone(), p10.path.clone());
    drop(s10);
    drop(p10);
    let mut opens = Vec::new();
    let mut rss = Vec::new();
    let mut base_opens = Vec::new();
    let mut base_rss = Vec::new();
    for _ in 0..5 {
        let (ms, mb) = probe("steppe", &s10_path, &branch)?;
        opens.push(ms);
        rss.push(mb);
        let (ms, mb) = probe("plain", &p10_path, &branch)?;
        base_opens.push(ms);
        base_rss.push(mb);
    }
    fig.insert("open_10k_ms", percentile(&mut opens, 0.5));
    fig.insert("open_10k_rss_mb", percentile(&mut rss, 0.5));
    fig.insert("baseline_open_10k_ms", percentile(&mut base_opens, 0.5));
    fig.insert("baseline_open_10k_rss_mb", percentile(&mut base_rss, 0.5));
    fig.insert("records_small", small as f64);
    fig.insert("records_large", large as f64);
    let (encrypt_us, decrypt_us) = page_crypto_us(if quick { 500 } else { 50_000 })?;
    fig.insert("page_encrypt_us", encrypt_us);
    fig.insert("page_decrypt_us", decrypt_us);

    write_figures(
        &fig,
        out,
        &format!(
            "(sizes: {small} and {large} records; targets: list50 p95 ≤ 5 ms, commit p95 ≤ 16 ms, open 10k ≤ 300 ms and ≤ 40 MB, apply 10k ≤ 1 s, 100k ≤ 12 s and ≤ 10× baseline, disk ≤ 2× baseline)"
        ),
    )?;
    Ok(())
}

pub fn open_probe(kind: &str, path: &Path, branch: &str) -> Result<()> {
    let t = Instant::now();
    let rows = if kind == "steppe" {
        let store = open_store(path, true)?;
        store
            .cases(Id::parse(branch)?, Some(CaseStatus::Open), 50, 0)?
            .len()
    } else {
        let conn = plain_open(path)?;
        list_query(&conn, branch, 0)?
    };
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if rows == 0 {
        bail!("no rows listed after open");
    }
    println!("{ms} {}", peak_rss_mb());
    Ok(())
}
