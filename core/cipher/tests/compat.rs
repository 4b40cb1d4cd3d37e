//! The file format is SQLCipher 4's whatever the crypto library: stores written by SQLCipher
//! over OpenSSL open with this provider, and stores written with it open in SQLCipher over
//! OpenSSL.
//!
//! One direction reads fixtures written by this workspace's SQLCipher 4.14 when it was built on
//! OpenSSL 3.6 (at commit 996e7ed, before this crate), by the same steps as [`write`] with the
//! settings of [`formats`]. The other hands files written here to an independent build,
//! SQLCipher 4.12 over OpenSSL 3.5 from PyPI (`sqlcipher3-binary`), which `cargo xtask ci`
//! installs under `target/reference-sqlcipher`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::Connection;

const RAW_KEY: &str = "x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'";

/// The four formats of the fixtures: Steppe's own (a raw key, SQLCipher 4 defaults), and
/// passphrases over each digest SQLCipher offers (the version-3 format uses SHA-1).
fn formats() -> [(&'static str, String); 4] {
    let pass = "PRAGMA key = 'tuo xiang e zhan'; PRAGMA kdf_iter = 1000;";
    [
        ("raw-key", format!("PRAGMA key = \"{RAW_KEY}\";")),
        ("passphrase-sha512", pass.to_owned()),
        (
            "passphrase-sha256",
            format!(
                "{pass} PRAGMA cipher_hmac_algorithm = HMAC_SHA256; \
                 PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA256;"
            ),
        ),
        (
            "passphrase-v3",
            "PRAGMA key = 'tuo xiang e zhan'; PRAGMA cipher_compatibility = 3; \
             PRAGMA kdf_iter = 1000;"
                .to_owned(),
        ),
    ]
}

/// The fixtures' rows: enough to span pages and an index, one long enough to overflow.
fn rows() -> Vec<(i64, String)> {
    let mut rows: Vec<(i64, String)> = (0..40i64)
        .map(|i| {
            let pad = "·".repeat((i as usize * 7) % 90);
            (i, format!("note {i}: 调解 牧民 草场纠纷 {pad}"))
        })
        .collect();
    rows.push((1000, "长".repeat(2000)));
    rows
}

fn open(path: &Path, setup: &str) -> Connection {
    steppe_cipher::link();
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(setup).unwrap();
    conn
}

fn write(path: &Path, setup: &str) {
    let conn = open(path, setup);
    conn.execute_batch(
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL);
         CREATE INDEX notes_body ON notes(body);",
    )
    .unwrap();
    for (id, body) in rows() {
        conn.execute("INSERT INTO notes(id, body) VALUES (?1, ?2)", (id, body))
            .unwrap();
    }
}

fn read(conn: &Connection) -> Vec<(i64, String)> {
    let mut stmt = conn
        .prepare("SELECT id, body FROM notes ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// SQLCipher's own check: every page's MAC verified. Empty when all are good.
fn cipher_problems(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.db"))
}

#[test]
fn stores_written_by_sqlcipher_over_openssl_open_here() {
    let dir = tempfile::tempdir().unwrap();
    for (name, setup) in formats() {
        // A copy: opening may touch the file, and the fixture must stay as OpenSSL wrote it.
        let path = dir.path().join(format!("{name}.db"));
        std::fs::copy(fixture(name), &path).unwrap();
        let conn = open(&path, &setup);
        assert_eq!(read(&conn), rows(), "{name}");
        assert_eq!(cipher_problems(&conn), Vec::<String>::new(), "{name}");
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "{name}");
    }
}

#[test]
fn the_provider_in_use_is_this_crate() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(&dir.path().join("s.db"), &formats()[0].1);
    let pragma = |name: &str| -> String {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(pragma("cipher_provider"), "steppe-rustcrypto");
    assert!(pragma("cipher_provider_version").starts_with("RustCrypto aes"));
    assert_eq!(pragma("cipher"), "AES-256-CBC");
}

#[test]
fn a_wrong_key_and_a_tampered_page_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let setup = &formats()[0].1;
    write(&path, setup);

    let wrong = open(
        &path,
        "PRAGMA key = \"x'1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100'\";",
    );
    let err = wrong
        .query_row("SELECT count(*) FROM notes", [], |r| r.get::<_, i64>(0))
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
    drop(wrong);

    // One bit flipped in the middle of page 3: its MAC no longer matches.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[2 * 4096 + 2000] ^= 0x10;
    std::fs::write(&path, &bytes).unwrap();
    let conn = open(&path, setup);
    // Reading every page meets the tampered one.
    let verdict = conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0));
    assert!(
        !matches!(verdict, Ok(ref v) if v == "ok"),
        "a tampered page read as good: {verdict:?}"
    );
    let problems = cipher_problems(&conn);
    assert!(
        problems.iter().any(|p| p.contains("page 3")),
        "cipher_integrity_check names the page: {problems:?}"
    );
}

/// The Python interpreter and where `sqlcipher3-binary` is installed.
fn reference() -> (String, PathBuf) {
    let dir = std::env::var_os("STEPPE_REFERENCE_SQLCIPHER").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/reference-sqlcipher"),
        PathBuf::from,
    );
    assert!(
        dir.join("sqlcipher3").is_dir(),
        "the reference SQLCipher is not installed at {}: run `cargo xtask reference-sqlcipher` \
         (cargo xtask ci does)",
        dir.display()
    );
    (
        std::env::var("PYTHON").unwrap_or_else(|_| "python3".into()),
        dir,
    )
}

const READ_WITH_REFERENCE: &str = r#"
import json, sys, sqlcipher3
path, setup = sys.argv[1], sys.argv[2]
conn = sqlcipher3.connect(path)
conn.executescript(setup)
rows = conn.execute("SELECT id, body FROM notes ORDER BY id").fetchall()
problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
provider = conn.execute("PRAGMA cipher_provider").fetchone()[0]
print(json.dumps({"rows": rows, "problems": problems, "provider": provider}))
"#;

#[test]
fn stores_written_here_open_in_sqlcipher_over_openssl() {
    let (python, site) = reference();
    let dir = tempfile::tempdir().unwrap();
    for (name, setup) in formats() {
        let path = dir.path().join(format!("{name}.db"));
        write(&path, &setup);
        let out = Command::new(&python)
            .env("PYTHONPATH", &site)
            .args(["-c", READ_WITH_REFERENCE])
            .arg(&path)
            .arg(&setup)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: the reference failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            seen["provider"], "openssl",
            "{name}: read by another provider"
        );
        assert_eq!(seen["problems"], serde_json::json!([]), "{name}");
        let seen_rows: Vec<(i64, String)> = serde_json::from_value(seen["rows"].clone()).unwrap();
        assert_eq!(seen_rows, rows(), "{name}");
    }
}
