//! A process's first connections, opened at once on two threads: the keyed one keeps its
//! cipher. SQLite marks itself initialised before SQLCipher's part of the initialisation has
//! run, and a keyed connection opened in that window used to have its key refused (CI saw it
//! once). The window exists once per process, so the test runs the race in fresh child
//! processes: itself, re-run with [`CHILD`] set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::process::Command;
use std::sync::{Arc, Barrier};

use rusqlite::Connection;

const CHILD: &str = "STEPPE_FIRST_CONNECTION_CHILD";
const TEST: &str = "a_keyed_first_connection_keeps_its_cipher_while_another_thread_initialises";
const RUNS: usize = 400;

/// One race, in this process: an unkeyed connection opened without [`steppe_cipher::ready`]
/// (as code outside Steppe's stores may) beside a keyed one opened the way the stores do.
fn race(dir: &std::path::Path) -> Result<(), String> {
    let start = Arc::new(Barrier::new(2));
    let other = {
        let start = Arc::clone(&start);
        std::thread::spawn(move || {
            start.wait();
            Connection::open_in_memory()
                .and_then(|c| c.execute_batch("CREATE TABLE t(x)"))
                .map_err(|e| format!("unkeyed: {e}"))
        })
    };
    start.wait();
    steppe_cipher::ready();
    let keyed = Connection::open(dir.join("keyed.db"))
        .and_then(|c| {
            c.pragma_update(
                None,
                "key",
                "x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'",
            )?;
            c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        })
        .map_err(|e| format!("keyed: {e}"));
    other.join().unwrap()?;
    keyed
}

#[test]
fn a_keyed_first_connection_keeps_its_cipher_while_another_thread_initialises() {
    let dir = tempfile::tempdir().unwrap();
    if std::env::var_os(CHILD).is_some() {
        race(dir.path()).unwrap();
        // Nothing was written in clear: the header is not SQLite's.
        let head = std::fs::read(dir.path().join("keyed.db")).unwrap();
        assert!(
            !head.starts_with(b"SQLite format 3"),
            "the keyed store is in clear"
        );
        return;
    }
    let me = std::env::current_exe().unwrap();
    let mut failures = Vec::new();
    for run in 0..RUNS {
        let out = Command::new(&me)
            .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        if !out.status.success() {
            let said = String::from_utf8_lossy(&out.stderr);
            // The panic's message is the line after "panicked at …".
            let why = said
                .lines()
                .skip_while(|l| !l.contains("panicked"))
                .nth(1)
                .unwrap_or("(no message)");
            failures.push(format!("run {run}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {RUNS} runs failed: {failures:#?}",
        failures.len()
    );
}
