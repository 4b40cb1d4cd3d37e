//! Upgrading stores written by older versions: every committed fixture opens, migrates to the
//! current schema (identical to a fresh store's) and shows its records.

use std::path::PathBuf;

use rusqlite::Connection;
use steppe_core::{DeviceIdentity, Steppe};
use steppe_domain::Id;
use steppe_domain::mediation::{CaseStatus, MediationCase};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn schema_of(path: &std::path::Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let mut stmt = conn.prepare("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn version_1_store_upgrades_to_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v1.db");
    std::fs::copy(fixture("store-v1.db"), &path).expect("copy fixture");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("store-v1.json")).expect("manifest"))
            .expect("json");
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the fixture is a version-1 store");

    let identity = DeviceIdentity {
        user_id: manifest["user_id"].as_str().unwrap().into(),
        user_name: "fixture".into(),
        device_id: manifest["device_id"].as_str().unwrap().into(),
        device_name: "fixture".into(),
    };
    let store = Steppe::builder(&path, identity)
        .open()
        .expect("open upgraded");
    let branch = Id::parse(manifest["branch"].as_str().unwrap()).unwrap();
    let case = Id::parse(manifest["case"].as_str().unwrap()).unwrap();
    let rows = store
        .cases(branch, Some(CaseStatus::Open), 50, 0)
        .expect("list");
    assert_eq!(
        rows.len(),
        1,
        "projections were rebuilt from the version-1 documents"
    );
    assert_eq!(rows[0].id, case);
    assert_eq!(rows[0].entries, manifest["notes"].as_i64().unwrap());
    let c: MediationCase = store.get(case).expect("read");
    assert_eq!(c.timeline.len() as i64, manifest["notes"].as_i64().unwrap());
    store
        .add_case_note(case, "written after the upgrade")
        .expect("write");
    assert_eq!(
        store.history(case).unwrap().len() as i64,
        manifest["notes"].as_i64().unwrap() + 2
    );
    drop(store);

    let fresh = dir.path().join("fresh.db");
    drop(
        Steppe::builder(
            &fresh,
            DeviceIdentity {
                user_id: "x".into(),
                user_name: "x".into(),
                device_id: "x".into(),
                device_name: "x".into(),
            },
        )
        .open()
        .unwrap(),
    );
    assert_eq!(
        schema_of(&path),
        schema_of(&fresh),
        "an upgraded store has exactly a fresh store's schema"
    );
}
