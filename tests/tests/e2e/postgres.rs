//! The storage conformance suite on both backends, and two server instances sharing one
//! PostgreSQL with devices alternating between them.

use std::collections::HashSet;

use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_server::storage::{
    Commit, DeviceRecord, DocUpdate, NewChange, Projection, Scope, SqliteStorage, Storage,
};
use steppe_tests::harness::{Phone, Server, seed};
use steppe_tests::postgres::Postgres;

fn change(doc: u8, n: u8, actor: u8, org: &str) -> (NewChange, DocUpdate) {
    (
        NewChange {
            doc: [doc; 16],
            hash: [n; 32],
            actor: vec![actor; 16],
            bytes: vec![n; 10 + n as usize],
        },
        DocUpdate {
            doc: [doc; 16],
            kind: "mediation_case".into(),
            org: org.into(),
        },
    )
}

/// Every backend must pass this.
async fn conformance(s: &dyn Storage) {
    assert_eq!(s.head().await.unwrap(), 0);
    let (c1, d1) = change(1, 1, 7, "branch-1");
    let (c2, d2) = change(2, 2, 8, "branch-2");
    let (c3, _) = change(1, 3, 8, "branch-1");
    let head = s
        .commit(Commit {
            changes: vec![c1.clone(), c2.clone(), c3.clone()],
            docs: vec![d1, d2],
            projections: vec![
                Projection::Org {
                    id: "branch-1".into(),
                    parent: Some("sumu".into()),
                    kind: "police_village_branch".into(),
                },
                Projection::Grants {
                    person: "u1".into(),
                    grants: vec![("branch-1".into(), "mediator".into())],
                },
            ],
        })
        .await
        .unwrap();
    assert_eq!(head, 3);
    // Duplicates are skipped; positions keep increasing (they may have gaps).
    let (c4, d4) = change(3, 4, 7, "branch-1");
    let head2 = s
        .commit(Commit {
            changes: vec![c1.clone(), c4.clone()],
            docs: vec![d4],
            projections: vec![],
        })
        .await
        .unwrap();
    assert!(head2 > head);
    assert_eq!(
        s.doc_changes([1; 16]).await.unwrap(),
        vec![c1.bytes.clone(), c3.bytes.clone()]
    );
    let known = s.known(vec![[1; 32], [9; 32]]).await.unwrap();
    assert_eq!(known, HashSet::from([[1; 32]]));
    // Scoped pages, excluding the reader's own actor, paged by size.
    let scope = Scope {
        readable: vec!["branch-1".into()],
        published: vec![],
        published_kinds: vec![],
    };
    let page = s.page(0, &scope, &[7; 16], 1 << 20, 100).await.unwrap();
    assert_eq!(
        page.changes
            .iter()
            .map(|c| c.bytes.clone())
            .collect::<Vec<_>>(),
        vec![c3.bytes.clone()]
    );
    assert_eq!(
        (page.cursor, page.more),
        (head2, false),
        "an exhausted page resumes from the head"
    );
    let all = Scope {
        readable: vec!["branch-1".into(), "branch-2".into()],
        ..Scope::default()
    };
    let first = s.page(0, &all, &[0; 16], 1, 100).await.unwrap();
    assert_eq!(
        (first.changes.len(), first.cursor, first.more),
        (1, 1, true)
    );
    let rest = s
        .page(first.cursor, &all, &[0; 16], 1 << 20, 100)
        .await
        .unwrap();
    assert_eq!(
        rest.changes.len(),
        3,
        "c2, c3 and c4; the duplicate of c1 was never stored"
    );
    let published = Scope {
        readable: vec![],
        published: vec!["branch-1".into()],
        published_kinds: vec!["course".into()],
    };
    assert!(
        s.page(0, &published, &[0; 16], 1 << 20, 100)
            .await
            .unwrap()
            .changes
            .is_empty(),
        "cases are not published down"
    );
    // Tree and grants.
    assert!(s.orgs().await.unwrap().contains(&(
        "branch-1".into(),
        Some("sumu".into()),
        "police_village_branch".into()
    )));
    assert_eq!(
        s.grants("u1").await.unwrap(),
        vec![("branch-1".to_string(), "mediator".to_string())]
    );
    // Users, one-time codes, devices, revocation, actors.
    s.put_user("u1", "巴特尔").await.unwrap();
    s.put_code([5; 32], "u1", 2_000).await.unwrap();
    assert_eq!(s.take_code([5; 32], 3_000).await.unwrap(), None, "expired");
    s.put_code([6; 32], "u1", 2_000).await.unwrap();
    assert_eq!(
        s.take_code([6; 32], 1_000).await.unwrap(),
        Some("u1".into())
    );
    assert_eq!(
        s.take_code([6; 32], 1_000).await.unwrap(),
        None,
        "used once only"
    );
    let d = DeviceRecord {
        id: "d1".into(),
        user_id: "u1".into(),
        name: "phone".into(),
        actor: vec![7; 16],
        token_hash: "h".into(),
        revoked: false,
    };
    s.put_device(&d).await.unwrap();
    assert!(
        s.put_device(&DeviceRecord {
            id: "d2".into(),
            ..d.clone()
        })
        .await
        .is_err(),
        "an actor binds to one device"
    );
    assert_eq!(s.device("d1").await.unwrap(), Some(d.clone()));
    let actors = s.actors(vec![vec![7; 16], vec![9; 16]]).await.unwrap();
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0].user_name, "巴特尔");
    assert!(s.revoke_device("d1").await.unwrap());
    assert!(s.device("d1").await.unwrap().unwrap().revoked);
    // Signing in to the pages: by id or exact name; a password per user, replaceable.
    assert_eq!(s.find_users("巴特尔").await.unwrap().len(), 1);
    assert_eq!(s.find_users("u1").await.unwrap()[0].name, "巴特尔");
    assert!(s.find_users("巴特").await.unwrap().is_empty());
    assert_eq!(s.password("u1").await.unwrap(), None);
    s.set_password("u1", "hash-1").await.unwrap();
    s.set_password("u1", "hash-2").await.unwrap();
    assert_eq!(s.password("u1").await.unwrap(), Some("hash-2".into()));
    assert!(s.revoke_user("u1").await.unwrap());
    assert!(s.user("u1").await.unwrap().unwrap().revoked);
    assert_eq!(s.init_meta("k", "a").await.unwrap(), "a");
    assert_eq!(s.init_meta("k", "b").await.unwrap(), "a");
    assert_eq!(s.meta("k").await.unwrap(), Some("a".into()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_storage_conforms() {
    let dir = tempfile::tempdir().unwrap();
    conformance(&SqliteStorage::open(&dir.path().join("s.db")).unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_storage_conforms() {
    let pg = Postgres::start().expect("start PostgreSQL (install postgresql; see README)");
    let s = steppe_server::storage::PostgresStorage::connect(&pg.url)
        .await
        .unwrap();
    conformance(&s).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_postgres_and_devices_alternate() {
    let pg = Postgres::start().expect("start PostgreSQL (install postgresql; see README)");
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
                .open_case(
                    r.branch1,
                    CaseCategory::Neighbours,
                    "村",
                    &format!("第{round}件"),
                    vec!["甲".into(), "乙".into()],
                    vec![],
                )
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
