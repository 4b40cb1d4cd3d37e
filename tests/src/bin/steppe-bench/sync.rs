//! The sync suite: four scenarios over two shaped links, Steppe's protocol measured through the
//! proxy, beside automerge's own per-document sync protocol (as automerge-repo runs it: every
//! document in scope, fresh sync state on reconnect) and whole-record JSON (gzip), both measured
//! in bytes in the same run; their time on a link is modelled from bytes and round trips.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use automerge::sync::{State, SyncDoc};
use automerge::{Automerge, Change};
use steppe_client::SyncClient;
use steppe_core::{NewCase, Steppe};
use steppe_demo::{Region, enrolled_store, seed_region};
use steppe_domain::Id;
use steppe_domain::mediation::CaseCategory;
use steppe_protocol::chunk;
use steppe_server::storage::Storage;
use steppe_server::{app_state, http, open_storage};

use crate::proxy::{self, EDGE, Link, RURAL_2G};
use crate::report::write_figures;

struct Device {
    store: Arc<Steppe>,
    token: String,
}

async fn device(
    storage: &dyn Storage,
    url: &str,
    dir: &Path,
    user: Id,
    name: &str,
) -> Result<Device> {
    let (store, e) = enrolled_store(storage, url, dir, user, name).await?;
    Ok(Device {
        store,
        token: e.token,
    })
}

/// One measured sync through `link`: (body bytes up+down, wire bytes, round trips, seconds).
async fn measured(
    d: &Device,
    server: std::net::SocketAddr,
    link: Link,
) -> Result<(u64, u64, u64, f64)> {
    let p = proxy::start(server, link).await?;
    let client = SyncClient::new(&p.url(), &d.token)?;
    let t = Instant::now();
    client.sync(&d.store, None).await?;
    let secs = t.elapsed().as_secs_f64();
    let (up, down, trips) = client.traffic().take();
    let (wup, wdown) = p.take();
    Ok((up + down, wup + wdown, trips, secs))
}

/// One sync through `link` whose first connection is cut after `cut_down_after` bytes down (a
/// link lost mid-response); if the client gives up on it, the user syncs again. The bytes on the
/// wire, up and down, headers included, and the requests made.
async fn wire_bytes(
    d: &Device,
    server: std::net::SocketAddr,
    link: Link,
    cut_down_after: Option<u64>,
) -> Result<(u64, u64, u64)> {
    let p = proxy::start_cutting(server, link, cut_down_after).await?;
    let client = SyncClient::new(&p.url(), &d.token)?;
    if client.sync(&d.store, None).await.is_err() {
        client.sync(&d.store, None).await?;
    }
    let (_, _, requests) = client.traffic().take();
    let (up, down) = p.take();
    Ok((up, down, requests))
}

async fn direct(d: &Device, url: &str) -> Result<()> {
    SyncClient::new(url, &d.token)?
        .with_page_bytes(4 << 20)
        .sync(&d.store, None)
        .await?;
    Ok(())
}

fn automerge_doc(changes: &[Vec<u8>]) -> Result<Automerge> {
    let mut doc = Automerge::new();
    doc.apply_changes(
        changes
            .iter()
            .map(|b| Change::from_bytes(b.clone()))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    Ok(doc)
}

/// Runs automerge's sync protocol for every pair until quiet; every document proceeds in
/// parallel, one message each way per round trip. Returns (bytes up, bytes down, round trips).
fn automerge_sync(pairs: &mut [(Automerge, Automerge, State, State)]) -> Result<(u64, u64, u64)> {
    let (mut up, mut down, mut rounds) = (0u64, 0u64, 0u64);
    loop {
        let mut moved = false;
        for (dev, srv, ds, ss) in pairs.iter_mut() {
            if let Some(m) = dev.generate_sync_message(ds) {
                let bytes = m.encode();
                up += bytes.len() as u64;
                srv.receive_sync_message(ss, automerge::sync::Message::decode(&bytes)?)?;
                moved = true;
            }
        }
        for (dev, srv, ds, ss) in pairs.iter_mut() {
            if let Some(m) = srv.generate_sync_message(ss) {
                let bytes = m.encode();
                down += bytes.len() as u64;
                dev.receive_sync_message(ds, automerge::sync::Message::decode(&bytes)?)?;
                moved = true;
            }
        }
        if !moved {
            return Ok((up, down, rounds));
        }
        rounds += 1;
    }
}

fn gzip(bytes: &[u8]) -> Result<u64> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len() as u64)
}

/// Device-side and server-side automerge documents for `docs`, with fresh sync states.
async fn pairs(
    storage: &dyn Storage,
    dev: &Steppe,
    docs: &[Id],
) -> Result<Vec<(Automerge, Automerge, State, State)>> {
    let mut out = Vec::new();
    for id in docs {
        let dev_changes: Vec<Vec<u8>> = dev
            .export_changes(*id)
            .map(|v| v.into_iter().map(|c| c.bytes).collect())
            .unwrap_or_default();
        let srv_changes = storage.doc_changes(*id.as_bytes()).await?;
        out.push((
            automerge_doc(&dev_changes)?,
            automerge_doc(&srv_changes)?,
            State::new(),
            State::new(),
        ));
    }
    Ok(out)
}

fn record_json_array(store: &Steppe, docs: &[Id]) -> Result<Vec<u8>> {
    let all: Vec<serde_json::Value> = docs
        .iter()
        .filter_map(|d| store.record_json(*d).ok())
        .collect();
    Ok(serde_json::to_vec(&all)?)
}

pub fn run(quick: bool, out: &Path) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run_async(quick, out))
}

async fn run_async(quick: bool, out: &Path) -> Result<()> {
    let (in_scope, first_sync) = if quick {
        (100usize, 500usize)
    } else {
        (1_000, 10_000)
    };
    let dir = tempfile::tempdir()?;
    let storage = open_storage(&dir.path().join("server.db").to_string_lossy()).await?;
    let running = http::serve(app_state(storage.clone(), None), "127.0.0.1:0".parse()?).await?;
    let server = running.addr;
    let url = format!("http://{server}");
    let s = storage.as_ref();
    let r: Region = seed_region(s).await?;
    let a = device(s, &url, dir.path(), r.mediator_a, "a").await?;
    let b = device(s, &url, dir.path(), r.mediator_b, "b").await?;
    direct(&a, &url).await?;
    let mut cases = Vec::new();
    for i in 0..in_scope {
        cases.push(a.store.open_case(NewCase {
            branch: r.branch1,
            category: CaseCategory::ALL[i % 6],
            place: format!("嘎查{}", i % 37),
            description: format!("第{i}号纠纷：草场围栏位置争议，双方各执一词"),
            parties: vec!["甲户".into(), "乙户".into()],
            mediators: vec!["民警".into()],
        })?);
    }
    direct(&a, &url).await?;
    direct(&b, &url).await?;
    let docs_a = a.store.document_ids()?;
    let mut fig: BTreeMap<&str, f64> = BTreeMap::new();

    for link in [EDGE, RURAL_2G] {
        let edge = link.name == "edge";
        // (1) A one-field edit.
        a.store
            .set_case_place(cases[0], if edge { "东草场" } else { "西草场" })?;
        let edit_change: Vec<Vec<u8>> = a
            .store
            .sync_request(1 << 20)?
            .upload
            .iter()
            .flat_map(|g| &g.changes)
            .map(|c| chunk::expand(c))
            .collect();
        let (bytes, wire, trips, secs) = measured(&a, server, link).await?;
        if edge {
            fig.insert("edit_bytes", bytes as f64);
            fig.insert("edit_wire_bytes", wire as f64);
            fig.insert("edit_round_trips", trips as f64);
            // automerge: documents already in sync on a live connection; the edit syncs one doc.
            let mut p = pairs(s, &a.store, &[cases[0]]).await?;
            // Roll the device doc back to before the edit so the exchange carries exactly it.
            p[0].0 = automerge_doc(
                &a.store
                    .export_changes(cases[0])?
                    .into_iter()
                    .map(|c| c.bytes)
                    .filter(|b| !edit_change.contains(b))
                    .collect::<Vec<_>>(),
            )?;
            p[0].1 = p[0].0.clone();
            automerge_sync(&mut p)?;
            p[0].0.apply_changes(
                edit_change
                    .iter()
                    .map(|b| Change::from_bytes(b.clone()))
                    .collect::<Result<Vec<_>, _>>()?,
            )?;
            let (up, down, rounds) = automerge_sync(&mut p)?;
            fig.insert("automerge_edit_bytes", (up + down) as f64);
            fig.insert("automerge_edit_round_trips", rounds as f64);
            let whole = gzip(&serde_json::to_vec(&a.store.record_json(cases[0])?)?)?;
            fig.insert("json_edit_bytes", (whole + 2) as f64);
            fig.insert("json_edit_round_trips", 1.0);
        }
        fig.insert(if edge { "edit_edge_s" } else { "edit_2g_s" }, secs);

        // (2) An idle reconnect with every document in scope.
        let (bytes, _wire, trips, secs) = measured(&a, server, link).await?;
        if edge {
            fig.insert("idle1000_bytes", bytes as f64);
            fig.insert("idle1000_round_trips", trips as f64);
            let mut p = pairs(s, &a.store, &docs_a).await?;
            let (up, down, rounds) = automerge_sync(&mut p)?;
            fig.insert("automerge_idle1000_bytes", (up + down) as f64);
            fig.insert("automerge_idle1000_round_trips", rounds as f64);
            fig.insert(
                "automerge_idle1000_edge_s",
                link.model_seconds(up, down, rounds),
            );
            let versions: BTreeMap<String, u64> =
                docs_a.iter().map(|d| (d.to_string(), 1)).collect();
            let req = gzip(&serde_json::to_vec(&versions)?)?;
            fig.insert("json_idle1000_bytes", (req + gzip(b"[]")?) as f64);
            fig.insert("json_idle1000_round_trips", 1.0);
        }
        fig.insert(
            if edge {
                "idle1000_edge_s"
            } else {
                "idle1000_2g_s"
            },
            secs,
        );

        // (3) 50 of the documents changed elsewhere.
        direct(&b, &url).await?;
        let changed: Vec<Id> = cases
            .iter()
            .skip(if edge { 1 } else { 51 })
            .take(50)
            .copied()
            .collect();
        let before_pairs = if edge {
            Some(pairs(s, &a.store, &docs_a).await?)
        } else {
            None
        };
        for c in &changed {
            b.store.add_case_note(*c, "回访：双方无新争议")?;
        }
        let change_bytes: u64 = b
            .store
            .sync_request(4 << 20)?
            .upload
            .iter()
            .flat_map(|g| &g.changes)
            .map(|c| chunk::expand(c).len() as u64)
            .sum();
        direct(&b, &url).await?;
        let (bytes, _wire, trips, secs) = measured(&a, server, link).await?;
        if edge {
            fig.insert("changed50_bytes", bytes as f64);
            fig.insert("changed50_change_bytes", change_bytes as f64);
            fig.insert("changed50_round_trips", trips as f64);
            if let Some(mut p) = before_pairs {
                // Server side now has the notes; the device side does not.
                for (i, id) in docs_a.iter().enumerate() {
                    if changed.contains(id) {
                        p[i].1 = automerge_doc(&s.doc_changes(*id.as_bytes()).await?)?;
                    }
                }
                let (up, down, rounds) = automerge_sync(&mut p)?;
                fig.insert("automerge_changed50_bytes", (up + down) as f64);
                fig.insert("automerge_changed50_round_trips", rounds as f64);
            }
            let versions: BTreeMap<String, u64> =
                docs_a.iter().map(|d| (d.to_string(), 1)).collect();
            let records = gzip(&record_json_array(&b.store, &changed)?)?;
            fig.insert(
                "json_changed50_bytes",
                (gzip(&serde_json::to_vec(&versions)?)? + records) as f64,
            );
            fig.insert("json_changed50_round_trips", 1.0);
        }
        fig.insert(
            if edge {
                "changed50_edge_s"
            } else {
                "changed50_2g_s"
            },
            secs,
        );
    }

    // (4) A supervisor's first sync of many records.
    let extra = first_sync.saturating_sub(cases.len());
    for i in 0..extra {
        a.store
            .open_case(NewCase {
                branch: r.branch2.max(r.branch1),
                category: CaseCategory::ALL[i % 6],
                place: format!("嘎查{}", i % 37),
                description: format!("第{i}号纠纷：牲畜损害，双方就赔偿数额产生争议"),
                parties: vec!["甲户".into(), "乙户".into()],
                mediators: vec!["民警".into()],
            })
            .or_else(|_| {
                a.store.open_case(NewCase {
                    branch: r.branch1,
                    category: CaseCategory::ALL[i % 6],
                    place: "嘎查".into(),
                    description: format!("第{i}号纠纷"),
                    parties: vec!["甲户".into(), "乙户".into()],
                    mediators: vec![],
                })
            })?;
    }
    direct(&a, &url).await?;
    for link in [EDGE, RURAL_2G] {
        let sup = device(
            s,
            &url,
            dir.path(),
            r.supervisor,
            &format!("sup-{}", link.name),
        )
        .await?;
        let (bytes, _wire, trips, secs) = measured(&sup, server, link).await?;
        if link.name == "edge" {
            fig.insert("first10k_bytes", bytes as f64);
            fig.insert("first10k_round_trips", trips as f64);
            let docs = sup.store.document_ids()?;
            fig.insert("first10k_records", docs.len() as f64);
            let json = gzip(&record_json_array(&sup.store, &docs)?)?;
            fig.insert("first10k_gzip_json_bytes", json as f64);
            fig.insert("json_first10k_bytes", json as f64);
            fig.insert("json_first10k_edge_s", link.model_seconds(100, json, 1));
            fig.insert("json_first10k_2g_s", RURAL_2G.model_seconds(100, json, 1));
            let fresh = Steppe::builder(
                dir.path().join("empty.db"),
                steppe_core::DeviceIdentity {
                    user_id: "x".into(),
                    user_name: "x".into(),
                    device_id: "x".into(),
                    device_name: "x".into(),
                },
            )
            .open()?;
            let mut p = pairs(s, &fresh, &docs).await?;
            let (up, down, rounds) = automerge_sync(&mut p)?;
            fig.insert("automerge_first10k_bytes", (up + down) as f64);
            fig.insert("automerge_first10k_round_trips", rounds as f64);
            fig.insert(
                "automerge_first10k_edge_s",
                link.model_seconds(up, down, rounds),
            );
            fig.insert(
                "automerge_first10k_2g_s",
                RURAL_2G.model_seconds(up, down, rounds),
            );
            fig.insert("first10k_edge_s", secs);
        } else {
            fig.insert("first10k_2g_s", secs);
        }
    }
    // (5) The same first sync with its link lost halfway through the download: what resuming
    // fetches beyond one clean sync.
    let clean = device(s, &url, dir.path(), r.supervisor, "sup-clean").await?;
    let (clean_up, clean_down, clean_requests) = wire_bytes(&clean, server, EDGE, None).await?;
    let cut = device(s, &url, dir.path(), r.supervisor, "sup-cut").await?;
    let (cut_up, cut_down, cut_requests) =
        wire_bytes(&cut, server, EDGE, Some(clean_down / 2)).await?;
    anyhow::ensure!(
        cut_requests > clean_requests,
        "the cut sync asked again ({cut_requests} requests against {clean_requests})"
    );
    anyhow::ensure!(
        cut.store.document_ids()?.len() == clean.store.document_ids()?.len(),
        "the resumed first sync holds every record the clean one does"
    );
    let clean_total = (clean_up + clean_down) as f64;
    let extra = ((cut_up + cut_down) as f64 - clean_total).max(0.0);
    fig.insert("first10k_clean_wire_bytes", clean_total);
    fig.insert("first10k_resume_extra_bytes", extra);
    fig.insert("first10k_resume_extra_ratio", extra / clean_total);
    fig.insert("first10k_resume_requests", cut_requests as f64);
    running.shutdown().await;
    let footer = format!(
        "(scenarios: edit of one field; idle reconnect with {in_scope} cases in scope; 50 of them changed elsewhere; first sync of {first_sync}+ records, and again with the link cut halfway through the download (resume extra bytes, on the wire). \
         Steppe measured through the shaping proxy; automerge_* and json_* bytes measured, their _s modelled from bytes and round trips on the link.)"
    );
    write_figures(&fig, out, &footer).context("write figures")
}
