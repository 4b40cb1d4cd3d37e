//! A server database made by the release of November 2026 (`tests/fixtures/`, written by
//! `make-server-fixture` before the schema was versioned) upgraded by this build, on SQLite and
//! on PostgreSQL: nothing stored is lost, the phone that synced before the upgrade keeps its
//! token, and a supervisor enrolled after it receives the cases written before it.

use std::path::PathBuf;

use steppe_domain::Id;
use steppe_protocol as proto;
use steppe_server::storage::SqliteStorage;
use steppe_tests::harness::{Phone, Server};
use steppe_tests::postgres::PostgresDatabase;

use crate::attacks::first_sync;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn facts(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

fn id(facts: &serde_json::Value, key: &str) -> Id {
    Id::parse(facts[key].as_str().unwrap()).unwrap()
}

async fn upgraded_keeps_everything(database: &str, facts: &serde_json::Value) {
    let before = steppe_server::pending_migrations(database).await.unwrap();
    assert_eq!(
        before.first().map(|s| s.version),
        Some(1),
        "the old database has no schema version yet"
    );

    let server = Server::start(database, None).await.unwrap();
    assert!(
        steppe_server::pending_migrations(database)
            .await
            .unwrap()
            .is_empty(),
        "the start applied every version"
    );
    assert_eq!(
        server.storage().head().await.unwrap(),
        facts["head"].as_u64().unwrap(),
        "every stored change is still there"
    );

    // The phone that synced before the upgrade is still who its token says.
    let status = reqwest::Client::new()
        .post(format!("{}{}", server.url(), proto::SYNC_PATH))
        .bearer_auth(facts["token"].as_str().unwrap())
        .body(proto::encode_request(&first_sync(1 << 16), proto::Compression::None).unwrap())
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, reqwest::StatusCode::OK);

    // A supervisor enrolled after the upgrade reads the cases written before it.
    let dir = tempfile::tempdir().unwrap();
    let sup = Phone::enroll(&server, id(facts, "supervisor"), dir.path(), "sup")
        .await
        .unwrap();
    sup.sync().await.unwrap();
    let cases = sup.store.cases(id(facts, "branch1"), None, 10, 0).unwrap();
    assert_eq!(cases.len(), 3, "{cases:?}");

    // A second start finds nothing to do.
    drop(server);
    let again = Server::start(database, None).await.unwrap();
    assert_eq!(
        again.storage().head().await.unwrap(),
        facts["head"].as_u64().unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_database_of_november_2026_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    std::fs::copy(fixture("server-2026-11.db"), &db).unwrap();
    upgraded_keeps_everything(&db.to_string_lossy(), &facts("server-2026-11.db.json")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_of_november_2026_is_upgraded_in_place() {
    let pg = PostgresDatabase::create().expect("start PostgreSQL (install postgresql; see README)");
    pg.load(&std::fs::read_to_string(fixture("server-2026-11.pg.sql")).unwrap())
        .unwrap();
    upgraded_keeps_everything(&pg.url, &facts("server-2026-11.pg.json")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_starting_together_migrate_once() {
    let pg = PostgresDatabase::create().expect("start PostgreSQL (install postgresql; see README)");
    pg.load(&std::fs::read_to_string(fixture("server-2026-11.pg.sql")).unwrap())
        .unwrap();
    let (a, b) = tokio::join!(
        steppe_server::open_storage(&pg.url),
        steppe_server::open_storage(&pg.url)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.head().await.unwrap(), b.head().await.unwrap());

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    std::fs::copy(fixture("server-2026-11.db"), &db).unwrap();
    // Two processes on one SQLite file (a `migrate` while `serve` starts): two threads here,
    // each with its own connection and its own lock on the file.
    let opened: Vec<_> = std::thread::scope(|s| {
        let starts: Vec<_> = (0..2)
            .map(|_| s.spawn(|| SqliteStorage::open(&db).map(|_| ())))
            .collect();
        starts.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert!(opened.iter().all(Result::is_ok), "{opened:?}");
    let path = db.to_string_lossy().into_owned();
    assert!(
        steppe_server::pending_migrations(&path)
            .await
            .unwrap()
            .is_empty()
    );
}
