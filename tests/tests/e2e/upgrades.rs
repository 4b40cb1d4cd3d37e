//! A server database made by the release of November 2026 (`tests/fixtures/`, written by
//! `make-server-fixture` at that release's commit, before the schema was versioned) upgraded by
//! this build, on SQLite and on PostgreSQL: nothing stored is lost, every stored record still
//! reads as its kind, the phone of that release goes on syncing — its next requests, kept as
//! it made them (the golden corpus), are replayed byte for byte — and a supervisor enrolled
//! after the upgrade receives the cases written before it.

use std::path::PathBuf;

use steppe_domain::Id;
use steppe_protocol as proto;
use steppe_server::storage::SqliteStorage;
use steppe_tests::harness::{Phone, Server};
use steppe_tests::postgres::PostgresDatabase;

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

    // Every record stored by that release reads as its kind with this build's domain code.
    let mut kinds = std::collections::BTreeSet::new();
    for kind in steppe_domain::RecordKind::ALL {
        for doc in server.storage().docs_of_kind(kind.as_str()).await.unwrap() {
            let stored = server.storage().doc_changes(doc).await.unwrap();
            let record = steppe_domain::doc::RecordDoc::load(
                Id::from_bytes(doc),
                &[],
                stored.iter().map(Vec::as_slice),
                automerge::ActorId::random(),
            )
            .unwrap();
            record.validate_any().unwrap();
            kinds.insert(kind.as_str());
        }
    }
    for kind in ["organisation", "person", "mediation_case"] {
        assert!(kinds.contains(kind), "{kind} among {kinds:?}");
    }

    // The phone of that release goes on: its next requests, replayed as it made them.
    for request in facts["requests"].as_array().unwrap() {
        let name = request["name"].as_str().unwrap();
        let mut post = reqwest::Client::new().post(format!(
            "{}{}",
            server.url(),
            request["path"].as_str().unwrap()
        ));
        for (header, value) in request["headers"].as_object().unwrap() {
            post = post.header(header.as_str(), value.as_str().unwrap());
        }
        let answer = post
            .body(hex::decode(request["body_hex"].as_str().unwrap()).unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), reqwest::StatusCode::OK, "{name}");
        let body = answer.bytes().await.unwrap();
        let frames = proto::split_frames(&body, &proto::Limits::default()).unwrap();
        let first = frames[0].decode().unwrap();
        assert!(first.rejected.is_empty(), "{name}: {:?}", first.rejected);
        if name == "upload" {
            assert!(first.acked_through > 0, "the upload is acknowledged");
        }
    }
    let unsent = Id::parse(facts["unsent_case"].as_str().unwrap()).unwrap();
    assert_eq!(
        server
            .storage()
            .doc_changes(*unsent.as_bytes())
            .await
            .unwrap()
            .len(),
        2,
        "the case and its note, from the old phone's upload"
    );
    let head = facts["head"].as_u64().unwrap() + 2;

    // A supervisor enrolled after the upgrade reads the cases written before it.
    let dir = tempfile::tempdir().unwrap();
    let sup = Phone::enroll(&server, id(facts, "supervisor"), dir.path(), "sup")
        .await
        .unwrap();
    sup.sync().await.unwrap();
    let cases = sup.store.cases(id(facts, "branch1"), None, 10, 0).unwrap();
    assert_eq!(cases.len(), 4, "three synced before, one after: {cases:?}");

    // A second start finds nothing to do.
    drop(server);
    let again = Server::start(database, None).await.unwrap();
    assert_eq!(again.storage().head().await.unwrap(), head);
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
