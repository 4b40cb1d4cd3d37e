//! Writes `tests/fixtures/server-2026-11.db` and `server-2026-11.pg.sql`: a server database as
//! the release of November 2026 laid it out (its schema made by `CREATE TABLE IF NOT EXISTS`,
//! before versioned migrations), on SQLite and as a `pg_dump` of PostgreSQL. Each holds the
//! example region and a mediator's phone that synced three cases; a `.json` beside it names the
//! phone's token and the ids the upgrade test checks. Beside them, the golden corpus of that
//! release's phone: the sync requests it sent next, unsent (`*.requests/`, body and headers
//! as its `SyncSession` made them), which the tests replay against this build.
//!
//! Run from the commit of that release (90b8624, with this file and `tests/src/postgres.rs`
//! copied in), so the files are what that release wrote; the committed files are what the
//! tests load.

use std::path::{Path, PathBuf};

use anyhow::Result;
use steppe_core::NewCase;
use steppe_demo::enrolled_store;
use steppe_domain::mediation::CaseCategory;
use steppe_tests::harness::{Server, seed};
use steppe_tests::postgres::Postgres;

/// Seeds a region on `database`, enrolls mediator A's phone, writes three cases and syncs them;
/// returns what the upgrade test needs to know.
async fn populate(database: &str, phone_dir: &Path) -> Result<serde_json::Value> {
    let server = Server::start(database, None).await?;
    let r = seed(server.storage()).await?;
    let (store, e) = enrolled_store(
        server.storage(),
        &server.url(),
        phone_dir,
        r.mediator_a,
        "a",
    )
    .await?;
    let client = steppe_client::SyncClient::new(&server.url(), &e.token)?;
    client.sync(&store, None).await?;
    for i in 0..3 {
        store.open_case(NewCase {
            branch: r.branch1,
            category: CaseCategory::ALL[i],
            place: "嘎查".into(),
            description: format!("升级前的第{i}件纠纷"),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec![],
        })?;
    }
    client.sync(&store, None).await?;
    let head = server.storage().head().await?;
    // What the phone sends next, kept unsent: a reconnect with nothing to upload, then an
    // upload of a fourth case with a note.
    let mut requests = Vec::new();
    let mut capture = |name: &str| -> Result<()> {
        let mut session = steppe_core::SyncSession::new(&e.token);
        let request = session.request(&store)?;
        requests.push(serde_json::json!({
            "name": name,
            "path": request.path,
            "headers": request.headers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<std::collections::BTreeMap<_, _>>(),
            "body_hex": hex::encode(&request.body),
        }));
        Ok(())
    };
    capture("reconnect")?;
    let case = store.open_case(NewCase {
        branch: r.branch1,
        category: CaseCategory::ALL[3],
        place: "嘎查".into(),
        description: "升级时还在手机上的纠纷".into(),
        parties: vec!["丙".into(), "丁".into()],
        mediators: vec![],
    })?;
    store.add_case_note(case, "双方同意下周再谈")?;
    capture("upload")?;
    if let Some(running) = server.running {
        running.shutdown().await;
    }
    Ok(serde_json::json!({
        "token": e.token,
        "device": e.identity.device_id,
        "mediator": r.mediator_a.to_string(),
        "supervisor": r.supervisor.to_string(),
        "branch1": r.branch1.to_string(),
        "head": head,
        "unsent_case": case.to_string(),
        "requests": requests,
    }))
}

#[tokio::main]
async fn main() -> Result<()> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::fs::create_dir_all(&out)?;
    let work = tempfile::tempdir()?;

    let db = work.path().join("server.db");
    let facts = populate(&db.to_string_lossy(), work.path()).await?;
    steppe_cipher::ready();
    let conn = rusqlite::Connection::open(&db)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    drop(conn);
    std::fs::copy(&db, out.join("server-2026-11.db"))?;
    std::fs::write(
        out.join("server-2026-11.db.json"),
        serde_json::to_string_pretty(&facts)?,
    )?;

    let pg = Postgres::start()?;
    let phone_pg = work.path().join("phone-pg");
    std::fs::create_dir_all(&phone_pg)?;
    let facts = populate(&pg.url, &phone_pg).await?;
    let dump = pg.tool(
        "pg_dump",
        &["--no-owner", "--no-privileges", "--dbname", "postgres"],
    )?;
    // pg_dump 15.14 and later fence a dump with `\restrict` lines that older psql refuses; the
    // dump's SQL does not need them.
    let dump: String = String::from_utf8(dump)?
        .lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(out.join("server-2026-11.pg.sql"), dump)?;
    std::fs::write(
        out.join("server-2026-11.pg.json"),
        serde_json::to_string_pretty(&facts)?,
    )?;
    println!("fixtures written to {}", out.display());
    Ok(())
}
