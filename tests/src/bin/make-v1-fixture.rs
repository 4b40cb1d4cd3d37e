//! Writes `core/store/tests/fixtures/store-v1.db`: a store exactly as schema version 1 laid it out
//! (documents, change log and history; no projection tables yet), holding an organisation tree
//! and a mediation case with notes. Kept so the fixture can be reproduced; the committed file is
//! what the upgrade test loads.

use std::path::PathBuf;

use anyhow::{Context, Result};
use automerge::ActorId;
use rusqlite::{Connection, params};
use steppe_domain::doc::RecordDoc;
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::{Id, Record};

const V1_SQL: &str = include_str!("../../../core/store/migrations/0001_storage.sql");

fn store<R: Record>(conn: &Connection, id: Id, doc: &mut RecordDoc, record: &R) -> Result<()> {
    let _ = record;
    let snapshot = doc.save();
    conn.execute(
        "INSERT INTO documents(id, kind, org, schema, snapshot, snapshot_sum, pending) VALUES (?1, ?2, ?3, 1, ?4, ?5, 0)",
        params![id.to_string(), R::KIND.as_str(), record.scope_org(), snapshot, blake3::hash(&snapshot).as_bytes().to_vec()],
    )?;
    for c in doc.changes_since(&[]) {
        conn.execute(
            "INSERT INTO history(doc, hash, actor, seq, at, message, local) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
            params![id.to_string(), c.hash().0.to_vec(), c.actor_id().to_hex_string(), c.seq() as i64, c.timestamp(), c.message().unwrap_or("")],
        )?;
    }
    Ok(())
}

fn main() -> Result<()> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/store/tests/fixtures");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("store-v1.db");
    let _ = std::fs::remove_file(&path);
    steppe_cipher::ready();
    let conn = Connection::open(&path)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.execute_batch(V1_SQL).context("version 1 schema")?;
    conn.pragma_update(None, "user_version", 1)?;

    let actor = ActorId::random();
    let (user, device) = (Id::new().to_string(), "fixture-device".to_string());
    for (k, v) in [
        ("actor", actor.to_hex_string()),
        ("user_id", user.clone()),
        ("device_id", device.clone()),
    ] {
        conn.execute("INSERT INTO meta(key, value) VALUES (?1, ?2)", [k, &v])?;
    }
    conn.execute(
        "INSERT INTO actors(actor, user_id, user_name, device_id, device_name) VALUES (?1, ?2, 'fixture', ?3, 'fixture')",
        params![actor.to_hex_string(), user, device],
    )?;
    let t = 1_790_000_000_000;
    let mut parent: Option<(String, OrgKind)> = None;
    for (name, kind) in [
        ("盟", OrgKind::League),
        ("旗", OrgKind::Banner),
        ("苏木", OrgKind::Sumu),
        ("嘎查", OrgKind::Gacha),
        ("警地党支部", OrgKind::PoliceVillageBranch),
    ] {
        let id = Id::new();
        let org = Organisation::new(id.to_string(), name.into(), kind, parent.clone())?;
        let mut doc = RecordDoc::create(id, &org, actor.clone(), t, "org.create")?;
        store(&conn, id, &mut doc, &org)?;
        parent = Some((id.to_string(), kind));
    }
    let branch = parent.map(|p| p.0).context("branch")?;
    let case_id = Id::new();
    let case = MediationCase::open(
        branch.clone(),
        CaseCategory::LivestockDamage,
        "草场".into(),
        "羊群啃食邻家草场".into(),
        vec!["甲".into(), "乙".into()],
        vec![],
        t,
    )?;
    let mut doc = RecordDoc::create(case_id, &case, actor.clone(), t, "case.open")?;
    let notes = 3;
    for i in 0..notes {
        let mut c: MediationCase = doc.read()?;
        c.add_note(
            Id::new().to_string(),
            format!("第{}次调解", i + 1),
            "fixture".into(),
            t + i + 1,
        )?;
        doc.write(&c, t + i + 1, "case.add_note")?;
    }
    let current: MediationCase = doc.read()?;
    store(&conn, case_id, &mut doc, &current)?;
    drop(conn);
    let manifest = serde_json::json!({ "user_id": user, "device_id": device, "branch": branch, "case": case_id.to_string(), "notes": notes });
    std::fs::write(
        dir.join("store-v1.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    println!("wrote {}", path.display());
    Ok(())
}
