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
        .env("STEPPE_METRICS_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        // What it prints is matched in English below; in Chinese by default.
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut line = |prefix: &str, suffix: &str| {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        l.trim()
            .strip_prefix(prefix)
            .and_then(|a| a.strip_suffix(suffix))
            .unwrap_or_else(|| panic!("{l}"))
            .to_string()
    };
    let admin = line("steppe-server metrics on http://", "/metrics");
    let addr = line("steppe-server listening on http://", "");
    assert!(
        dir.path().join("env.db").exists(),
        "the database the environment named"
    );
    assert!(get(&addr, "/healthz?token=secret").starts_with("HTTP/1.1 200"));
    assert!(
        get(&addr, "/metrics").starts_with("HTTP/1.1 404"),
        "metrics are not on the public port"
    );
    let metrics = get(&admin, "/metrics");
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");

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
    // One line per request: method, path, status, latency — never the query.
    let request = log
        .lines()
        .find(|l| l.contains("path=/healthz") && l.contains("status=200"))
        .unwrap_or_else(|| panic!("no request line: {log}"));
    assert!(
        request.contains("method=GET") && request.contains("latency="),
        "{request}"
    );
    assert!(
        !log.contains("secret"),
        "a query never reaches the log: {log}"
    );
}

/// `steppe-server serve` on any free ports, its database `db` in `dir`, configured by the
/// environment plus `env`; the process, its admin address and its public URL as it printed them.
fn serve(
    dir: &std::path::Path,
    db: &str,
    env: &[(&str, &std::ffi::OsStr)],
) -> (std::process::Child, String, String) {
    // What it prints is read in English below.
    let mut server = Command::new(env!("CARGO_BIN_EXE_steppe-server"))
        .args(["--lang", "en", "serve"])
        .env("STEPPE_DATABASE", dir.join(db))
        .env("STEPPE_LISTEN", "127.0.0.1:0")
        .env("STEPPE_REPLICA_DIR", dir)
        .env("STEPPE_METRICS_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut next = || {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        l.trim().rsplit(' ').next().unwrap().to_string()
    };
    let admin = next()
        .trim_start_matches("http://")
        .trim_end_matches("/metrics")
        .to_string();
    let url = next();
    (server, admin, url)
}

/// A plain HTTP/1.1 GET on loopback: the status line and what followed.
fn get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
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

#[test]
fn a_configuration_file_fills_what_flags_and_environment_leave_and_check_masks_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("server.toml");
    let db = dir.path().join("from-file.db");
    std::fs::write(
        &config,
        format!(
            "database = \"{}\"\nlisten = \"0.0.0.0:8471\"\nmetrics_listen = \"127.0.0.1:9471\"\n",
            db.display()
        ),
    )
    .unwrap();
    let check = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_steppe-server"));
        c.args(["--lang", "en", "--config"])
            .arg(&config)
            .arg("config-check")
            .args(args);
        c.env_remove("STEPPE_LISTEN").env_remove("STEPPE_DATABASE");
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        (
            out.status.success(),
            text,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, text, err) = check(&[], &[]);
    assert!(ok, "{text}{err}");
    assert!(text.contains("listen = 0.0.0.0:8471"), "the file's: {text}");
    assert!(text.contains("metrics_listen = 127.0.0.1:9471"), "{text}");
    assert!(
        text.contains("from-file.db") && text.ends_with("ok\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "schema versions to apply at start = {}",
            steppe_server::storage::migrations::Backend::Sqlite
                .versions()
                .len()
        )),
        "the check read the file's database: {text}"
    );
    assert!(!db.exists(), "a check creates and migrates nothing");
    let (_, text, _) = check(&[], &[("STEPPE_LISTEN", "127.0.0.1:8472")]);
    assert!(
        text.contains("listen = 127.0.0.1:8472"),
        "the environment over the file: {text}"
    );
    let (_, text, _) = check(
        &["--listen", "127.0.0.1:8473"],
        &[("STEPPE_LISTEN", "127.0.0.1:8472")],
    );
    assert!(
        text.contains("listen = 127.0.0.1:8473"),
        "a flag over both: {text}"
    );

    // A password in the file never prints; a file with an unknown key is refused by name.
    std::fs::write(
        &config,
        "database = \"postgres://steppe:s3cret-Pa55@127.0.0.1:1/none\"\n",
    )
    .unwrap();
    let (ok, text, err) = check(&[], &[]);
    assert!(!ok, "no database there");
    assert!(
        text.contains("postgres://steppe:***@127.0.0.1:1/none"),
        "{text}"
    );
    assert!(
        !text.contains("s3cret") && !err.contains("s3cret"),
        "{text}{err}"
    );
    std::fs::write(&config, "listen_port = 8470\n").unwrap();
    let (ok, _, err) = check(&[], &[]);
    assert!(!ok && err.contains("listen_port"), "{err}");
}

#[test]
fn json_logs_carry_each_request_as_an_object() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, admin, url) = serve(
        dir.path(),
        "json.db",
        &[("STEPPE_LOG_FORMAT", std::ffi::OsStr::new("json"))],
    );
    let addr = url.trim_start_matches("http://");
    // An empty sync body without a token: refused, and still measured and logged.
    let refused = post(addr, "/v2/sync?token=hidden");
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    let metrics = get(&admin, "/metrics");
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let status = server.wait().unwrap();
    let mut log = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut log).unwrap();
    assert!(status.success(), "{log}");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let request = lines
        .iter()
        .find(|l| l["span"]["path"] == "/v2/sync" && l["status"] == 401)
        .unwrap_or_else(|| panic!("no request line: {log}"));
    assert_eq!(request["span"]["method"], "POST");
    assert!(request["latency"].is_string(), "{request}");
    assert!(!log.contains("hidden"), "a query never reaches the log");
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
}

/// A plain HTTP/1.1 POST of an empty body on loopback: the status line and what followed.
fn post(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn sighup_reloads_the_certificate_files_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let write_cert = || {
        let key = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).unwrap();
        std::fs::write(dir.path().join("cert.pem"), key.cert.pem()).unwrap();
        std::fs::write(dir.path().join("key.pem"), key.signing_key.serialize_pem()).unwrap();
    };
    write_cert();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let (mut server, admin, addr) = serve(
        dir.path(),
        "tls.db",
        &[
            ("STEPPE_TLS_CERT", cert.as_os_str()),
            ("STEPPE_TLS_KEY", key.as_os_str()),
        ],
    );
    assert!(addr.starts_with("https://"), "{addr}");

    // The log, line by line as the server writes it.
    let (lines, log) = std::sync::mpsc::channel::<String>();
    let stderr = server.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    // Waits for a log line holding `text`, for at most 30 s.
    let mut wait_for = |text: &str| {
        let until = Instant::now() + Duration::from_secs(30);
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match log.recv_timeout(left) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(text) {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no log line with {text:?}: {seen}");
    };
    let hup = |server: &std::process::Child| {
        assert!(
            Command::new("kill")
                .args(["-HUP", &server.id().to_string()])
                .status()
                .unwrap()
                .success()
        );
    };
    write_cert();
    hup(&server);
    wait_for("TLS certificate reloaded");
    // A renewal hook that wrote a broken file: refused, logged, the old certificate serves on.
    std::fs::write(dir.path().join("cert.pem"), "broken").unwrap();
    hup(&server);
    wait_for("TLS certificate not reloaded");
    assert!(
        server.try_wait().unwrap().is_none(),
        "SIGHUP does not end the server"
    );
    assert!(get(&admin, "/healthz").starts_with("HTTP/1.1 200"));

    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    wait_for("stopped");
    assert!(server.wait().unwrap().success());
}
