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
    steppe_cipher::ready();
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

/// The reference's side of the live tests. Reads `{"setup", "ops", "leave_wal"}` on stdin: runs
/// the setup, then each `[sql, params]` in autocommit mode (a rekey cannot run in a transaction;
/// ops that want one say `BEGIN` and `COMMIT`), and prints what it then reads. With `leave_wal`
/// it exits without closing, so its last commits stay in the WAL for the other side to recover.
const REFERENCE_SESSION: &str = r#"
import json, os, sys, sqlcipher3
path = sys.argv[1]
job = json.load(sys.stdin)
conn = sqlcipher3.connect(path, isolation_level=None)
conn.executescript(job["setup"])
for sql, params in job["ops"]:
    conn.execute(sql, params)
rows = conn.execute("SELECT id, body FROM notes ORDER BY id").fetchall()
problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
provider = conn.execute("PRAGMA cipher_provider").fetchone()[0]
journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps({"rows": rows, "problems": problems, "provider": provider, "journal": journal}), flush=True)
if job["leave_wal"]:
    os._exit(0)
conn.close()
"#;

/// What the reference read after its session.
#[derive(Debug)]
struct Seen {
    rows: Vec<(i64, String)>,
    problems: Vec<String>,
    journal: String,
}

/// Runs a session of the reference SQLCipher on `path`; `Err` carries its stderr.
fn reference_session(
    path: &Path,
    setup: &str,
    ops: serde_json::Value,
    leave_wal: bool,
) -> Result<Seen, String> {
    use std::io::Write;
    let (python, site) = reference();
    let mut child = Command::new(&python)
        .env("PYTHONPATH", &site)
        .args(["-c", REFERENCE_SESSION])
        .arg(path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let job = serde_json::json!({ "setup": setup, "ops": ops, "leave_wal": leave_wal });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(job.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["provider"], "openssl", "read by another provider");
    Ok(Seen {
        rows: serde_json::from_value(seen["rows"].clone()).unwrap(),
        problems: serde_json::from_value(seen["problems"].clone()).unwrap(),
        journal: serde_json::from_value(seen["journal"].clone()).unwrap(),
    })
}

/// The reference's ops that write [`rows`] into a new file, in one transaction.
fn reference_writes_rows() -> serde_json::Value {
    let mut ops = vec![
        serde_json::json!(["BEGIN", []]),
        serde_json::json!([
            "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            []
        ]),
        serde_json::json!(["CREATE INDEX notes_body ON notes(body)", []]),
    ];
    for (id, body) in rows() {
        ops.push(serde_json::json!([
            "INSERT INTO notes(id, body) VALUES (?, ?)",
            [id, body]
        ]));
    }
    ops.push(serde_json::json!(["COMMIT", []]));
    serde_json::Value::Array(ops)
}

/// Statements with their parameters.
type Ops = Vec<(String, serde_json::Value)>;

/// An update, a delete and an insert, as SQL with parameters (run by either side), and the rows
/// they leave when applied to `before`. The long row is updated too, so overflow pages are
/// rewritten.
fn edits(by: &str, before: Vec<(i64, String)>) -> (Ops, Vec<(i64, String)>) {
    let (update, delete, insert) = if by == "here" {
        (3, 5, 2000)
    } else {
        (7, 11, 3000)
    };
    let edited = format!("edited {by}: 已调解 {}", "✓".repeat(3000));
    let added = format!("added {by}: 民事民办");
    let ops = vec![
        (
            "UPDATE notes SET body = ? WHERE id = ?".to_owned(),
            serde_json::json!([edited, update]),
        ),
        (
            "UPDATE notes SET body = body || ? WHERE id = 1000".to_owned(),
            serde_json::json!([by]),
        ),
        (
            "DELETE FROM notes WHERE id = ?".to_owned(),
            serde_json::json!([delete]),
        ),
        (
            "INSERT INTO notes(id, body) VALUES (?, ?)".to_owned(),
            serde_json::json!([insert, added]),
        ),
    ];
    let mut after: Vec<(i64, String)> = before
        .into_iter()
        .filter(|(id, _)| *id != delete)
        .map(|(id, body)| match id {
            i if i == update => (id, edited.clone()),
            1000 => (id, format!("{body}{by}")),
            _ => (id, body),
        })
        .collect();
    after.push((insert, added));
    after.sort();
    (ops, after)
}

fn edits_as_reference_ops(ops: &Ops) -> serde_json::Value {
    let mut all = vec![serde_json::json!(["BEGIN", []])];
    all.extend(ops.iter().map(|(sql, p)| serde_json::json!([sql, p])));
    all.push(serde_json::json!(["COMMIT", []]));
    serde_json::Value::Array(all)
}

fn edit_here(conn: &Connection, ops: &Ops) {
    let tx = conn.unchecked_transaction().unwrap();
    for (sql, params) in ops {
        let params: Vec<rusqlite::types::Value> = params
            .as_array()
            .unwrap()
            .iter()
            .map(|v| match v {
                serde_json::Value::Number(n) => {
                    rusqlite::types::Value::Integer(n.as_i64().unwrap())
                }
                serde_json::Value::String(s) => rusqlite::types::Value::Text(s.clone()),
                other => panic!("no such parameter in these tests: {other}"),
            })
            .collect();
        tx.execute(sql, rusqlite::params_from_iter(params)).unwrap();
    }
    tx.commit().unwrap();
}

fn assert_sound_here(conn: &Connection, expected: &[(i64, String)], what: &str) {
    assert_eq!(read(conn), expected, "{what}");
    assert_eq!(cipher_problems(conn), Vec::<String>::new(), "{what}");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "{what}");
}

fn wal_len(path: &Path) -> u64 {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len())
}

const WAL: &str = " PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;";

/// WAL frames are encrypted page by page like the file's pages: each side recovers and reads
/// commits the other left in the log, never checkpointed into the file.
#[test]
fn wal_files_cross_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    for (name, setup) in formats() {
        // Written here: the writer stays open (so nothing is checkpointed on close) while the
        // reference reads through the log.
        let path = dir.path().join(format!("{name}-here.db"));
        let conn = open(&path, &format!("{setup}{WAL}"));
        conn.execute_batch(
            "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL);
             CREATE INDEX notes_body ON notes(body);",
        )
        .unwrap();
        for (id, body) in rows() {
            conn.execute("INSERT INTO notes(id, body) VALUES (?1, ?2)", (id, body))
                .unwrap();
        }
        assert!(wal_len(&path) > 0, "{name}: nothing in the WAL");
        let seen = reference_session(&path, &setup, serde_json::json!([]), false)
            .unwrap_or_else(|e| panic!("{name}: the reference failed: {e}"));
        assert_eq!(seen.journal, "wal", "{name}");
        assert_eq!(seen.rows, rows(), "{name}");
        assert_eq!(seen.problems, Vec::<String>::new(), "{name}");
        drop(conn);

        // Written by the reference, which exits without closing: its commits are only in the
        // log, which this side has to recover.
        let path = dir.path().join(format!("{name}-reference.db"));
        let seen = reference_session(
            &path,
            &format!("{setup}{WAL}"),
            reference_writes_rows(),
            true,
        )
        .unwrap_or_else(|e| panic!("{name}: the reference failed: {e}"));
        assert_eq!(seen.journal, "wal", "{name}");
        assert!(wal_len(&path) > 0, "{name}: the reference left no WAL");
        let conn = open(&path, &setup);
        assert_sound_here(&conn, &rows(), name);
    }
}

const OTHER_KEY: &str = "x'1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100'";

/// A rekey rewrites every page under the new key: the file opens under it in the other
/// implementation, and no longer under the old one.
#[test]
fn rekeyed_files_cross_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    let old = format!("PRAGMA key = \"{RAW_KEY}\";");
    let new = format!("PRAGMA key = \"{OTHER_KEY}\";");
    let rekey = format!("PRAGMA rekey = \"{OTHER_KEY}\"");

    let path = dir.path().join("here.db");
    write(&path, &old);
    open(&path, &old)
        .execute_batch(&format!("{rekey};"))
        .unwrap();
    let seen = reference_session(&path, &new, serde_json::json!([]), false)
        .unwrap_or_else(|e| panic!("the reference failed under the new key: {e}"));
    assert_eq!(seen.rows, rows());
    assert_eq!(seen.problems, Vec::<String>::new());
    let refused = reference_session(&path, &old, serde_json::json!([]), false).unwrap_err();
    assert!(refused.contains("not a database"), "{refused}");

    let path = dir.path().join("reference.db");
    reference_session(&path, &old, reference_writes_rows(), false).unwrap();
    reference_session(&path, &old, serde_json::json!([[rekey, []]]), false).unwrap();
    assert_sound_here(&open(&path, &new), &rows(), "rekeyed by the reference");
    let err = open(&path, &old)
        .query_row("SELECT count(*) FROM notes", [], |r| r.get::<_, i64>(0))
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
}

/// Written here, read and edited by the reference, read back here.
#[test]
fn edited_by_the_reference_reads_back_here() {
    let dir = tempfile::tempdir().unwrap();
    for (name, setup) in formats() {
        let path = dir.path().join(format!("{name}.db"));
        write(&path, &setup);
        let (ops, expected) = edits("by the reference", rows());
        let seen = reference_session(&path, &setup, edits_as_reference_ops(&ops), false)
            .unwrap_or_else(|e| panic!("{name}: the reference failed: {e}"));
        assert_eq!(seen.rows, expected, "{name}: as the reference saw it");
        assert_eq!(seen.problems, Vec::<String>::new(), "{name}");
        assert_sound_here(&open(&path, &setup), &expected, name);
    }
}

/// Written by the reference, edited here, read back by the reference.
#[test]
fn edited_here_reads_back_in_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    for (name, setup) in formats() {
        let path = dir.path().join(format!("{name}.db"));
        reference_session(&path, &setup, reference_writes_rows(), false)
            .unwrap_or_else(|e| panic!("{name}: the reference failed: {e}"));
        let conn = open(&path, &setup);
        assert_sound_here(&conn, &rows(), name);
        let (ops, expected) = edits("here", rows());
        edit_here(&conn, &ops);
        drop(conn);
        let seen = reference_session(&path, &setup, serde_json::json!([]), false)
            .unwrap_or_else(|e| panic!("{name}: the reference failed: {e}"));
        assert_eq!(seen.rows, expected, "{name}");
        assert_eq!(seen.problems, Vec::<String>::new(), "{name}");
    }
}
