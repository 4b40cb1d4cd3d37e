//! The storage conformance suite on both backends, and two server instances sharing one
//! PostgreSQL with devices alternating between them.

use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_server::storage::{PostgresStorage, SqliteStorage};
use steppe_tests::harness::{Phone, Server, seed, village_case};
use steppe_tests::postgres::PostgresDatabase;
use steppe_tests::storage_conformance::TestStorage;
use steppe_tests::storage_conformance_tests;

async fn sqlite() -> TestStorage {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(&dir.path().join("s.db")).unwrap();
    TestStorage::new(storage, dir)
}

async fn postgres() -> TestStorage {
    let db = PostgresDatabase::create().expect("start PostgreSQL (install postgresql; see README)");
    let storage = PostgresStorage::connect(&db.url).await.unwrap();
    TestStorage::new(storage, db)
}

storage_conformance_tests!(sqlite_conforms, sqlite());
storage_conformance_tests!(postgres_conforms, postgres());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_postgres_and_devices_alternate() {
    let pg = PostgresDatabase::create().expect("start PostgreSQL (install postgresql; see README)");
    let dir = tempfile::tempdir().unwrap();
    let one = Server::start(&pg.url, None).await.unwrap();
    let two = Server::start(&pg.url, None).await.unwrap();
    let r = seed(one.storage()).await.unwrap();
    let mut a = Phone::enroll(&one, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let mut b = Phone::enroll(&two, r.mediator_b, dir.path(), "b")
        .await
        .unwrap();
    let sup = Phone::enroll(&two, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    let (ta, tb) = (a.client.token().to_string(), b.client.token().to_string());
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let mut cases = Vec::new();
    for round in 0..6 {
        let (p, url, token) = if round % 2 == 0 {
            (&mut a, two.url(), ta.clone())
        } else {
            (&mut a, one.url(), ta.clone())
        };
        p.use_server(&url, &token).unwrap();
        cases.push(
            p.store
                .open_case(village_case(
                    r.branch1,
                    CaseCategory::Neighbours,
                    format!("第{round}件"),
                ))
                .unwrap(),
        );
        p.sync().await.unwrap();
        let (url, token) = if round % 2 == 0 {
            (one.url(), tb.clone())
        } else {
            (two.url(), tb.clone())
        };
        b.use_server(&url, &token).unwrap();
        b.sync().await.unwrap();
        b.store
            .add_case_note(*cases.last().unwrap(), "乙的记录")
            .unwrap();
        b.sync().await.unwrap();
    }
    // Concurrent syncs through both instances at once.
    let (ra, rb) = tokio::join!(a.sync(), b.sync());
    ra.unwrap();
    rb.unwrap();
    a.sync().await.unwrap();
    sup.sync().await.unwrap();
    for c in &cases {
        let json = a.store.record_json(*c).unwrap();
        assert_eq!(json, b.store.record_json(*c).unwrap());
        assert_eq!(json, sup.store.record_json(*c).unwrap());
        assert_eq!(
            sup.store.get::<MediationCase>(*c).unwrap().timeline.len(),
            1
        );
    }
    assert_eq!(sup.store.cases(r.branch1, None, 100, 0).unwrap().len(), 6);
}
