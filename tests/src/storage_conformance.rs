//! The storage conformance suite: what every backend of the server's `Storage` must do. Each
//! backend instantiates it with [`storage_conformance_tests!`](crate::storage_conformance_tests),
//! which makes one test per check, so a new backend gets the whole suite by writing one line and
//! a failure names the behaviour that broke. The checks are plain functions so they are type
//! checked once, here, rather than in every expansion.

#![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

use std::any::Any;
use std::collections::HashSet;
use std::ops::Deref;

use steppe_server::storage::{
    Commit, DeviceRecord, DocUpdate, NewChange, Projection, SEEN_EVERY_MS, Scope, Storage,
    StoredSession,
};

/// A backend under test, with whatever must outlive it (a temp dir, a database server).
pub struct TestStorage {
    storage: Box<dyn Storage>,
    _keep: Box<dyn Any + Send>,
}

impl TestStorage {
    pub fn new(storage: impl Storage, keep: impl Any + Send) -> Self {
        Self {
            storage: Box::new(storage),
            _keep: Box::new(keep),
        }
    }
}

impl std::fmt::Debug for TestStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TestStorage")
    }
}

impl Deref for TestStorage {
    type Target = dyn Storage;
    fn deref(&self) -> &Self::Target {
        &*self.storage
    }
}

/// Instantiates the conformance suite as `mod $name`, one `#[tokio::test]` per check.
/// `$make` is an expression (evaluated in each test, so each gets a fresh, empty backend) of a
/// future yielding a [`TestStorage`]; it may name items of the calling module.
#[macro_export]
macro_rules! storage_conformance_tests {
    ($name:ident, $make:expr) => {
        $crate::storage_conformance_tests!(@checks $name, $make, [
            starts_empty,
            commits_number_changes_and_skip_duplicates,
            documents_keep_their_scope,
            known_reports_stored_hashes,
            pages_are_scoped_and_skip_the_readers_own_changes,
            pages_reach_the_users_own_person_record_alone,
            pages_are_cut_by_size_and_resume,
            published_orgs_show_only_published_kinds,
            projections_keep_the_tree_and_grants,
            one_time_codes_expire_and_work_once,
            devices_bind_one_actor_and_can_be_revoked,
            users_are_found_by_id_or_exact_name,
            passwords_are_replaceable_and_users_revocable,
            a_users_language_is_kept_across_a_roster_reimport,
            meta_is_set_once,
            a_devices_first_key_is_its_key,
            revoked_devices_are_listed,
            page_sessions_expire_slide_and_end,
            devices_are_listed_with_when_they_last_synced,
            documents_are_found_by_kind,
        ]);
    };
    (@checks $name:ident, $make:expr, [$($check:ident),* $(,)?]) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let storage: $crate::storage_conformance::TestStorage = $make.await;
                    $crate::storage_conformance::$check(&*storage).await;
                }
            )*
        }
    };
}

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

/// What the change checks start from: c1 (actor 7) and c3 (actor 8) on document 1 in branch-1,
/// c2 (actor 8) on document 2 in branch-2, then c4 (actor 7) on document 3 in branch-1 committed
/// with a duplicate of c1.
struct Seeded {
    c: [NewChange; 4],
    /// The head after the first commit and after the second.
    heads: (u64, u64),
}

async fn seed(s: &dyn Storage) -> Seeded {
    let (c1, d1) = change(1, 1, 7, "branch-1");
    let (c2, d2) = change(2, 2, 8, "branch-2");
    let (c3, _) = change(1, 3, 8, "branch-1");
    let first = s
        .commit(Commit {
            changes: vec![c1.clone(), c2.clone(), c3.clone()],
            docs: vec![d1, d2],
            projections: vec![],
        })
        .await
        .unwrap();
    let (c4, d4) = change(3, 4, 7, "branch-1");
    let second = s
        .commit(Commit {
            changes: vec![c1.clone(), c4.clone()],
            docs: vec![d4],
            projections: vec![],
        })
        .await
        .unwrap();
    Seeded {
        c: [c1, c2, c3, c4],
        heads: (first, second),
    }
}

fn scope(readable: &[&str], published: &[&str], kinds: &[&str]) -> Scope {
    let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    Scope {
        readable: own(readable),
        published: own(published),
        published_kinds: own(kinds),
        person: None,
    }
}

pub async fn starts_empty(s: &dyn Storage) {
    assert_eq!(s.head().await.unwrap(), 0);
    assert!(s.orgs().await.unwrap().is_empty());
    assert_eq!(s.doc_changes([1; 16]).await.unwrap(), Vec::<Vec<u8>>::new());
}

pub async fn commits_number_changes_and_skip_duplicates(s: &dyn Storage) {
    let Seeded { c, heads } = seed(s).await;
    assert_eq!(heads.0, 3, "changes get consecutive positions");
    // Positions keep increasing but may have gaps: the duplicate c1 may have used one up.
    assert!(heads.1 > heads.0);
    assert_eq!(s.head().await.unwrap(), heads.1);
    assert_eq!(
        s.doc_changes([1; 16]).await.unwrap(),
        vec![c[0].bytes.clone(), c[2].bytes.clone()],
        "a document's changes in position order, the duplicate stored once"
    );
}

pub async fn documents_keep_their_scope(s: &dyn Storage) {
    seed(s).await;
    assert_eq!(
        s.doc_scope([1; 16]).await.unwrap(),
        Some(("mediation_case".into(), "branch-1".into()))
    );
    assert_eq!(s.doc_scope([9; 16]).await.unwrap(), None);
}

pub async fn known_reports_stored_hashes(s: &dyn Storage) {
    seed(s).await;
    let known = s.known(vec![[1; 32], [9; 32]]).await.unwrap();
    assert_eq!(known, HashSet::from([[1; 32]]));
}

pub async fn pages_are_scoped_and_skip_the_readers_own_changes(s: &dyn Storage) {
    let Seeded { c, heads } = seed(s).await;
    let page = s
        .page(0, &scope(&["branch-1"], &[], &[]), &[7; 16], 1 << 20, 100)
        .await
        .unwrap();
    let bytes: Vec<_> = page.changes.iter().map(|c| c.bytes.clone()).collect();
    assert_eq!(bytes, vec![c[2].bytes.clone()]);
    assert_eq!(
        (page.cursor, page.more),
        (heads.1, false),
        "an exhausted page resumes from the head"
    );
}

pub async fn pages_reach_the_users_own_person_record_alone(s: &dyn Storage) {
    let Seeded { c, .. } = seed(s).await;
    // Document 2 stands for the reader's person record, in a unit they do not read.
    let with_person = Scope {
        person: Some(steppe_domain::Id::from_bytes([2; 16]).to_string()),
        ..scope(&["branch-1"], &[], &[])
    };
    let page = s
        .page(0, &with_person, &[0; 16], 1 << 20, 100)
        .await
        .unwrap();
    let bytes: Vec<_> = page.changes.iter().map(|c| c.bytes.clone()).collect();
    assert_eq!(
        bytes,
        vec![
            c[0].bytes.clone(),
            c[1].bytes.clone(),
            c[2].bytes.clone(),
            c[3].bytes.clone()
        ]
    );
    let alone = Scope {
        person: Some(steppe_domain::Id::from_bytes([2; 16]).to_string()),
        ..Scope::default()
    };
    let page = s.page(0, &alone, &[0; 16], 1 << 20, 100).await.unwrap();
    let bytes: Vec<_> = page.changes.iter().map(|c| c.bytes.clone()).collect();
    assert_eq!(bytes, vec![c[1].bytes.clone()], "nothing else of branch-2");
}

pub async fn pages_are_cut_by_size_and_resume(s: &dyn Storage) {
    seed(s).await;
    let all = scope(&["branch-1", "branch-2"], &[], &[]);
    let first = s.page(0, &all, &[0; 16], 1, 100).await.unwrap();
    assert_eq!(
        (first.changes.len(), first.cursor, first.more),
        (1, 1, true),
        "a page holds at least one change, however small the limit"
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
    let counted = s.page(0, &all, &[0; 16], 1 << 20, 2).await.unwrap();
    assert_eq!((counted.changes.len(), counted.more), (2, true));
}

pub async fn published_orgs_show_only_published_kinds(s: &dyn Storage) {
    let Seeded { c, .. } = seed(s).await;
    let courses = scope(&[], &["branch-1"], &["course"]);
    assert!(
        s.page(0, &courses, &[0; 16], 1 << 20, 100)
            .await
            .unwrap()
            .changes
            .is_empty(),
        "cases are not published down"
    );
    let cases = scope(&[], &["branch-1"], &["mediation_case"]);
    let page = s.page(0, &cases, &[0; 16], 1 << 20, 100).await.unwrap();
    let bytes: Vec<_> = page.changes.iter().map(|c| c.bytes.clone()).collect();
    assert_eq!(
        bytes,
        vec![c[0].bytes.clone(), c[2].bytes.clone(), c[3].bytes.clone()],
        "a published kind of a published organisation is visible"
    );
}

pub async fn projections_keep_the_tree_and_grants(s: &dyn Storage) {
    s.commit(Commit {
        changes: vec![],
        docs: vec![],
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
    assert!(s.orgs().await.unwrap().contains(&(
        "branch-1".into(),
        Some("sumu".into()),
        "police_village_branch".into()
    )));
    assert_eq!(
        s.grants("u1").await.unwrap(),
        vec![("branch-1".to_string(), "mediator".to_string())]
    );
    assert!(s.grants("u2").await.unwrap().is_empty());
}

pub async fn one_time_codes_expire_and_work_once(s: &dyn Storage) {
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
}

pub async fn devices_bind_one_actor_and_can_be_revoked(s: &dyn Storage) {
    s.put_user("u1", "巴特尔").await.unwrap();
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
}

pub async fn users_are_found_by_id_or_exact_name(s: &dyn Storage) {
    s.put_user("u1", "巴特尔").await.unwrap();
    assert_eq!(s.find_users("巴特尔").await.unwrap().len(), 1);
    assert_eq!(s.find_users("u1").await.unwrap()[0].name, "巴特尔");
    assert!(s.find_users("巴特").await.unwrap().is_empty());
}

pub async fn passwords_are_replaceable_and_users_revocable(s: &dyn Storage) {
    s.put_user("u1", "巴特尔").await.unwrap();
    assert_eq!(s.password("u1").await.unwrap(), None);
    s.set_password("u1", "hash-1").await.unwrap();
    s.set_password("u1", "hash-2").await.unwrap();
    assert_eq!(s.password("u1").await.unwrap(), Some("hash-2".into()));
    assert!(!s.user("u1").await.unwrap().unwrap().revoked);
    assert!(s.revoke_user("u1").await.unwrap());
    assert!(s.user("u1").await.unwrap().unwrap().revoked);
}

pub async fn a_users_language_is_kept_across_a_roster_reimport(s: &dyn Storage) {
    s.put_user("u1", "巴特尔").await.unwrap();
    assert_eq!(s.user_lang("u1").await.unwrap(), None);
    assert_eq!(s.user_lang("nobody").await.unwrap(), None);
    s.set_user_lang("u1", "mn-Mong").await.unwrap();
    s.set_user_lang("u1", "en").await.unwrap();
    // A roster imported again puts every account again: the choice stays.
    s.put_user("u1", "巴特尔").await.unwrap();
    assert_eq!(s.user_lang("u1").await.unwrap().as_deref(), Some("en"));
}

pub async fn meta_is_set_once(s: &dyn Storage) {
    assert_eq!(s.meta("k").await.unwrap(), None);
    assert_eq!(s.init_meta("k", "a").await.unwrap(), "a");
    assert_eq!(s.init_meta("k", "b").await.unwrap(), "a");
    assert_eq!(s.meta("k").await.unwrap(), Some("a".into()));
    s.put_meta("k", "c").await.unwrap();
    assert_eq!(s.meta("k").await.unwrap(), Some("c".into()));
    assert_eq!(s.init_meta("k", "d").await.unwrap(), "c");
}

/// A device keeps the first signing key it presents; a later one does not replace it.
pub async fn a_devices_first_key_is_its_key(s: &dyn Storage) {
    assert_eq!(s.device_key("d1").await.unwrap(), None);
    assert_eq!(
        s.register_device_key("d1", &[1; 32]).await.unwrap(),
        vec![1; 32]
    );
    assert_eq!(
        s.register_device_key("d1", &[2; 32]).await.unwrap(),
        vec![1; 32]
    );
    assert_eq!(s.device_key("d1").await.unwrap(), Some(vec![1; 32]));
    assert_eq!(s.device_key("d2").await.unwrap(), None);
}

/// Revoked devices are listed, by themselves or through their user, for as long as asked: the
/// time of a revocation is kept from the first, so revoking again does not start it anew.
pub async fn revoked_devices_are_listed(s: &dyn Storage) {
    for (id, user, actor) in [("d1", "u1", 1u8), ("d2", "u1", 2), ("d3", "u2", 3)] {
        s.put_user(user, "某人").await.unwrap();
        s.put_device(&DeviceRecord {
            id: id.into(),
            user_id: user.into(),
            name: "手机".into(),
            actor: vec![actor; 16],
            token_hash: "h".into(),
            revoked: false,
        })
        .await
        .unwrap();
    }
    let before = steppe_core::system_clock()() - 60_000;
    assert!(s.revoked_devices(before).await.unwrap().is_empty());
    assert!(s.revoke_device("d3").await.unwrap());
    assert_eq!(
        s.revoked_devices(before).await.unwrap(),
        vec!["d3".to_string()]
    );
    assert!(s.revoke_user("u1").await.unwrap());
    assert_eq!(
        s.revoked_devices(before).await.unwrap(),
        vec!["d1", "d2", "d3"]
    );
    // Asked for revocations after a time still to come: none, and revoking again adds none.
    let later = steppe_core::system_clock()() + 60_000;
    assert!(s.revoke_device("d3").await.unwrap());
    assert!(s.revoked_devices(later).await.unwrap().is_empty());
}

pub async fn page_sessions_expire_slide_and_end(s: &dyn Storage) {
    let session = StoredSession {
        id_hash: [1; 32],
        user_id: "u1".into(),
        user_name: "乌云".into(),
        csrf: "c".into(),
        expires_at: 1_000,
    };
    s.put_session(&session, 0).await.unwrap();
    assert_eq!(
        s.session([1; 32], 999).await.unwrap(),
        Some(session.clone())
    );
    assert_eq!(s.session([1; 32], 1_000).await.unwrap(), None, "expired");
    assert_eq!(s.session([2; 32], 0).await.unwrap(), None);
    s.extend_session([1; 32], 5_000).await.unwrap();
    assert!(s.session([1; 32], 4_999).await.unwrap().is_some(), "slid");
    // A new session sweeps out those expired by then.
    s.put_session(
        &StoredSession {
            id_hash: [3; 32],
            expires_at: 9_000,
            ..session.clone()
        },
        6_000,
    )
    .await
    .unwrap();
    s.extend_session([1; 32], 99_000).await.unwrap();
    assert_eq!(s.session([1; 32], 7_000).await.unwrap(), None, "swept");
    s.end_session([3; 32]).await.unwrap();
    assert_eq!(s.session([3; 32], 7_000).await.unwrap(), None, "ended");
    // A new password ends its user's sessions; a restore ends everyone's.
    for (hash, user) in [([4; 32], "u1"), ([5; 32], "u2"), ([6; 32], "u2")] {
        s.put_session(
            &StoredSession {
                id_hash: hash,
                user_id: user.into(),
                expires_at: 90_000,
                ..session.clone()
            },
            7_000,
        )
        .await
        .unwrap();
    }
    s.end_sessions(Some("u2")).await.unwrap();
    assert!(s.session([4; 32], 8_000).await.unwrap().is_some());
    assert!(s.session([5; 32], 8_000).await.unwrap().is_none());
    s.end_sessions(None).await.unwrap();
    assert!(s.session([4; 32], 8_000).await.unwrap().is_none());
}

pub async fn devices_are_listed_with_when_they_last_synced(s: &dyn Storage) {
    s.put_user("u1", "巴特尔").await.unwrap();
    s.put_user("u2", "乌云").await.unwrap();
    for (id, user, actor) in [("d1", "u1", 1u8), ("d2", "u2", 2)] {
        s.put_device(&DeviceRecord {
            id: id.into(),
            user_id: user.into(),
            name: format!("{id}-phone"),
            actor: vec![actor; 16],
            token_hash: "h".into(),
            revoked: false,
        })
        .await
        .unwrap();
    }
    s.device_seen("d1", 1_000_000).await.unwrap();
    // Within five minutes a sync does not move the time: one write per device at most.
    s.device_seen("d1", 1_000_000 + SEEN_EVERY_MS - 1)
        .await
        .unwrap();
    let listed = s.devices().await.unwrap();
    assert_eq!(listed.len(), 2);
    let d1 = listed.iter().find(|d| d.id == "d1").unwrap();
    assert_eq!(d1.last_seen, Some(1_000_000));
    assert_eq!(d1.user_name, "巴特尔");
    assert_eq!(
        listed.iter().find(|d| d.id == "d2").unwrap().last_seen,
        None
    );
    s.device_seen("d1", 1_000_000 + SEEN_EVERY_MS)
        .await
        .unwrap();
    let d1 = s
        .devices()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.id == "d1")
        .unwrap();
    assert_eq!(d1.last_seen, Some(1_000_000 + SEEN_EVERY_MS));
    let users: Vec<String> = s.users().await.unwrap().into_iter().map(|u| u.id).collect();
    assert_eq!(users.len(), 2);
    assert!(users.contains(&"u1".to_string()) && users.contains(&"u2".to_string()));
}

pub async fn documents_are_found_by_kind(s: &dyn Storage) {
    let mut commit = Commit::default();
    for (doc, kind) in [([1u8; 16], "case"), ([2; 16], "person"), ([3; 16], "case")] {
        commit.docs.push(DocUpdate {
            doc,
            kind: kind.into(),
            org: "o".into(),
        });
    }
    s.commit(commit).await.unwrap();
    assert_eq!(
        s.docs_of_kind("case").await.unwrap(),
        vec![[1; 16], [3; 16]]
    );
    assert!(s.docs_of_kind("nothing").await.unwrap().is_empty());
}
