//! The server as an operator runs it: the real binary configured from the environment alone,
//! stopped by SIGTERM as systemd and container runtimes stop it, and the systemd unit shipped
//! in `packaging/` accepted by `systemd-analyze verify`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn configured_from_the_environment_it_serves_and_sigterm_stops_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_steppe-server"))
        .arg("serve")
        .env("STEPPE_DATABASE", dir.path().join("env.db"))
        .env("STEPPE_LISTEN", "127.0.0.1:0")
        .env("STEPPE_REPLICA_DIR", dir.path())
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("steppe-server listening on http://")
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    assert!(
        dir.path().join("env.db").exists(),
        "the database the environment named"
    );
    let healthy = std::net::TcpStream::connect(&addr).is_ok();
    assert!(healthy, "listening on {addr}");

    let sent = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = server.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut log = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut log).unwrap();
    assert!(status.success(), "exit {status:?}: {log}");
    assert!(log.contains("SIGTERM") && log.contains("stopped"), "{log}");
}

#[test]
fn the_systemd_unit_verifies() {
    let analyze = Command::new("systemd-analyze").arg("--version").output();
    assert!(
        analyze.is_ok_and(|o| o.status.success()),
        "systemd-analyze is needed to check packaging/steppe-server.service (Debian: systemd)"
    );
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../packaging/steppe-server.service"
    ))
    .unwrap();
    // Checked against the binary this build made, where the unit expects it installed.
    let unit = unit.replace(
        "/usr/local/bin/steppe-server",
        env!("CARGO_BIN_EXE_steppe-server"),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steppe-server.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        !said.contains("steppe-server.service"),
        "no warnings about the unit: {said}"
    );
}
