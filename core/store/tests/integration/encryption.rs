//! Encryption at rest: what a lost phone's files give away (nothing readable), a wrong key, and
//! key rotation.

use std::path::{Path, PathBuf};

use steppe_core::{CoreError, DeviceIdentity, Steppe, StoreKey};
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
        .open_case(
            branch,
            CaseCategory::PastureBoundary,
            "巴音宝格德嘎查",
            CANARY,
            vec!["甲".into(), "乙".into()],
            vec![],
        )
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
        let store = Steppe::open(&plain, me()).unwrap();
        with_canary(&store);
        assert!(occurrences(&plain, CANARY.as_bytes()) > 0);
    }

    let path = dir.path().join("steppe.db");
    let key = StoreKey::generate().unwrap();
    let case = {
        let store = Steppe::open_encrypted(&path, me(), None, key.clone()).unwrap();
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

    let again = Steppe::open_encrypted(&path, me(), None, key.clone()).unwrap();
    assert_eq!(description(&again, case), CANARY);
    drop(again);

    let wrong = StoreKey::generate().unwrap();
    let err = Steppe::open_encrypted(&path, me(), None, wrong).unwrap_err();
    assert!(matches!(err, CoreError::WrongKey), "{err:?}");
    let err = Steppe::open(&path, me()).unwrap_err();
    assert!(matches!(err, CoreError::NotAStore), "{err:?}");
    // A keyed open of a plain store is refused too, and leaves it readable.
    let err = Steppe::open_encrypted(&plain, me(), None, key.clone()).unwrap_err();
    assert!(matches!(err, CoreError::WrongKey), "{err:?}");
    assert!(Steppe::open(&plain, me()).is_ok());
    // And the failed attempts changed nothing.
    let again = Steppe::open_encrypted(&path, me(), None, key).unwrap();
    assert_eq!(description(&again, case), CANARY);
}

#[test]
fn a_rotated_key_replaces_the_old_one_and_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steppe.db");
    let old = StoreKey::generate().unwrap();
    let new = StoreKey::generate().unwrap();
    let store = Steppe::open_encrypted(&path, me(), None, old.clone()).unwrap();
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

    let err = Steppe::open_encrypted(&path, me(), None, old).unwrap_err();
    assert!(matches!(err, CoreError::WrongKey), "{err:?}");
    let store = Steppe::open_encrypted(&path, me(), None, new).unwrap();
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
    let store = Steppe::open(dir.path().join("plain.db"), me()).unwrap();
    assert!(!store.is_encrypted());
    let err = store.rekey(&key).unwrap_err();
    assert!(matches!(err, CoreError::NotEncrypted), "{err:?}");
}
