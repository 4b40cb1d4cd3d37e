//! Encryption at rest: what a lost phone's files give away (nothing readable), a wrong key, and
//! key rotation.

use std::path::{Path, PathBuf};

use steppe_core::{CoreError, DeviceIdentity, NewCase, Steppe, StoreKey};
use steppe_domain::Id;
use steppe_domain::mediation::{CaseCategory, MediationCase};

const CANARY: &str = "CANARY-5e1d-羊群越界";

fn me() -> DeviceIdentity {
    DeviceIdentity {
        user_id: "0193a000-0000-7000-8000-000000000001".into(),
        user_name: "巴特尔".into(),
        device_id: "phone-1".into(),
        device_name: "巴特尔的手机".into(),
    }
}

/// How often `needle` occurs in the store's database and WAL files.
fn occurrences(db: &Path, needle: &[u8]) -> usize {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::read(PathBuf::from(format!("{}{suffix}", db.display()))).ok())
        .map(|bytes| bytes.windows(needle.len()).filter(|w| *w == needle).count())
        .sum()
}

/// A store holding one case whose description is the canary.
fn with_canary(store: &Steppe) -> Id {
    let branch = crate::support::tree(store).police_branch;
    store
        .open_case(NewCase {
            branch,
            category: CaseCategory::PastureBoundary,
            place: "巴音宝格德嘎查".into(),
            description: CANARY.into(),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec![],
        })
        .unwrap()
}

fn description(store: &Steppe, case: Id) -> String {
    store
        .get::<MediationCase>(case)
        .unwrap()
        .description
        .as_str()
        .to_string()
}

#[test]
fn nothing_readable_is_on_disk_and_only_the_key_opens_the_store() {
    let dir = tempfile::tempdir().unwrap();

    // The control: a plain store shows the canary, so its absence below means something.
    let plain = dir.path().join("plain.db");
    {
        let store = Steppe::builder(&plain, me()).open().unwrap();
        with_canary(&store);
        assert!(occurrences(&plain, CANARY.as_bytes()) > 0);
    }

    let path = dir.path().join("steppe.db");
    let key = StoreKey::generate().unwrap();
    let case = {
        let store = Steppe::builder(&path, me())
            .key(key.clone())
            .open()
            .unwrap();
        assert!(store.is_encrypted());
        let case = with_canary(&store);
        store.add_case_note(case, CANARY).unwrap();
        // Still in the WAL (not checkpointed while the store is open) and the database.
        assert_eq!(occurrences(&path, CANARY.as_bytes()), 0);
        assert_eq!(occurrences(&path, b"SQLite format 3"), 0, "even the header");
        assert_eq!(occurrences(&path, key.bytes()), 0, "the key is not stored");
        assert_eq!(description(&store, case), CANARY);
        case
    };
    assert_eq!(occurrences(&path, CANARY.as_bytes()), 0);

    let again = Steppe::builder(&path, me())
        .key(key.clone())
        .open()
        .unwrap();
    assert_eq!(description(&again, case), CANARY);
    drop(again);

    let wrong = StoreKey::generate().unwrap();
    let err = Steppe::builder(&path, me()).key(wrong).open().unwrap_err();
    assert!(matches!(err, CoreError::WrongKey), "{err:?}");
    let err = Steppe::builder(&path, me()).open().unwrap_err();
    assert!(matches!(err, CoreError::NotAStore), "{err:?}");
    // A keyed open of a plain store is refused too, and leaves it readable.
    let err = Steppe::builder(&plain, me())
        .key(key.clone())
        .open()
        .unwrap_err();
    assert!(matches!(err, CoreError::WrongKey), "{err:?}");
    assert!(Steppe::builder(&plain, me()).open().is_ok());
    // And the failed attempts changed nothing.
    let again = Steppe::builder(&path, me()).key(key).open().unwrap();
    assert_eq!(description(&again, case), CANARY);
}

#[test]
fn a_rotated_key_replaces_the_old_one_and_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steppe.db");
    let old = StoreKey::generate().unwrap();
    let new = StoreKey::generate().unwrap();
    let store = Steppe::builder(&path, me())
        .key(old.clone())
        .open()
        .unwrap();
    let case = with_canary(&store);
    // Readers opened under the old key are in the pool when the key changes.
    assert_eq!(description(&store, case), CANARY);

    store.rekey(&new).unwrap();
    assert_eq!(description(&store, case), CANARY, "pooled readers follow");
    store.add_case_note(case, "换钥匙之后的记录").unwrap();
    assert_eq!(
        store.get::<MediationCase>(case).unwrap().timeline.len(),
        1,
        "writes go on"
    );
    assert_eq!(occurrences(&path, CANARY.as_bytes()), 0);
    drop(store);

    let err = Steppe::builder(&path, me()).key(old).open().unwrap_err();
    assert!(matches!(err, CoreError::WrongKey), "{err:?}");
    let store = Steppe::builder(&path, me()).key(new).open().unwrap();
    assert_eq!(description(&store, case), CANARY);
    assert_eq!(store.get::<MediationCase>(case).unwrap().timeline.len(), 1);
}

#[test]
fn keys_are_checked_and_a_plain_store_has_none_to_rotate() {
    let err = StoreKey::from_bytes(&[7u8; 31]).unwrap_err();
    assert!(matches!(err, CoreError::BadKey { len: 31 }), "{err:?}");
    let key = StoreKey::from_bytes(&[7u8; 32]).unwrap();
    assert_eq!(key.bytes(), &[7u8; 32]);
    assert_eq!(format!("{key:?}"), "StoreKey(…)", "never printed");
    assert_ne!(
        StoreKey::generate().unwrap().bytes(),
        StoreKey::generate().unwrap().bytes()
    );

    let dir = tempfile::tempdir().unwrap();
    let store = Steppe::builder(dir.path().join("plain.db"), me())
        .open()
        .unwrap();
    assert!(!store.is_encrypted());
    let err = store.rekey(&key).unwrap_err();
    assert!(matches!(err, CoreError::NotEncrypted), "{err:?}");
}
