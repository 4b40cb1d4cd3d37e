//! The `steppe` tool where there is no signal, run as its own process against a real server on
//! 127.0.0.1: a herder's store enrolls and syncs once, checks in, and meets another member's
//! store over loopback TCP (`peer listen` / `peer connect`); that store syncs and hands the
//! sealed check-in over; the supervisor's phone then holds it as the herder's. A bundle file
//! written by `bundle export` imports at the server; the server's file applies by `bundle import`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use steppe_domain::course::Attendance;
use steppe_server::{admin, bundles};
use steppe_tests::harness::{Phone, region, secretary_with_a_session_now};

fn steppe(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "steppe {args:?}: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_made_by_the_tool_reaches_the_server_through_another_store() {
    let (dir, server, r) = region().await.unwrap();
    let (_sec, session) = secretary_with_a_session_now(&server, &r, dir.path())
        .await
        .unwrap();
    let url = server.url();
    let code = |user| {
        let storage = server.storage.clone();
        async move { admin::issue_code(storage.as_ref(), user, 1).await.unwrap() }
    };
    let herder = dir.path().join("herder.db");
    let relay = dir.path().join("relay.db");
    let (herder_code, relay_code) = (code(r.herder).await, code(r.mediator_a).await);
    let (h, rl, u) = (herder.clone(), relay.clone(), url.clone());
    let session_id = session.to_string();
    let (listened, exported) = tokio::task::spawn_blocking(move || {
        let said = steppe(
            &h,
            &[
                "enroll",
                "--server",
                &u,
                "--code",
                &herder_code,
                "--device",
                "herder-cli",
            ],
        );
        assert!(said.contains("Enrolled"), "{said}");
        assert!(steppe(&h, &["sync"]).contains("Synced"));
        steppe(&h, &["check-in", &session_id]);
        steppe(
            &rl,
            &[
                "enroll",
                "--server",
                &u,
                "--code",
                &relay_code,
                "--device",
                "relay-cli",
            ],
        );
        steppe(&rl, &["sync"]);
        // The relay waits at the meeting; the herder's store connects.
        let mut listener = Command::new(env!("CARGO_BIN_EXE_steppe"))
            .arg("--db")
            .arg(&rl)
            .args(["--lang", "en", "peer", "listen", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut waiting = String::new();
        BufReader::new(listener.stderr.take().unwrap())
            .read_line(&mut waiting)
            .unwrap();
        let addr = waiting
            .split_whitespace()
            .find(|w| w.starts_with("127.0.0.1:"))
            .expect("the address it listens on")
            .to_string();
        let met = steppe(&h, &["peer", "connect", &addr]);
        assert!(met.contains("Met device"), "{met}");
        let out = listener.wait_with_output().unwrap();
        assert!(out.status.success());
        let listened = String::from_utf8_lossy(&out.stdout).into_owned();
        // The same check-in, written to a file as well.
        let file = h.with_extension("bundle");
        assert!(steppe(&h, &["bundle", "export", &file.to_string_lossy()]).contains("Wrote 1"));
        (listened, std::fs::read(file).unwrap())
    })
    .await
    .unwrap();
    assert!(listened.contains("1 carried"), "{listened}");

    // The relay syncs: the sealed check-in goes to the server as the herder's.
    let rl = relay.clone();
    tokio::task::spawn_blocking(move || steppe(&rl, &["sync"]))
        .await
        .unwrap();
    let supervisor = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    supervisor.sync().await.unwrap();
    let roll = supervisor.store.session_roll(session).unwrap();
    assert!(
        roll.iter()
            .any(|e| e.member == r.herder && e.attendance == Attendance::Present),
        "{roll:?}"
    );
    let last = supervisor.store.history(session).unwrap().pop().unwrap();
    assert_eq!(last.device_name.as_deref(), Some("herder-cli"));
    // The herder's file: already at the server by way of the relay.
    let done = bundles::import(server.storage(), &exported, 0)
        .await
        .unwrap();
    assert_eq!((done.applied, done.already), (0, 1));

    // The server's file of the gacha, applied by the tool.
    let key = steppe_server::identity::ServerKey::default()
        .get(server.storage())
        .await
        .unwrap();
    let (file, _) = bundles::export_for_members(server.storage(), &key, &r.gacha1.to_string(), 1)
        .await
        .unwrap();
    let path = dir.path().join("gacha1.bundle");
    std::fs::write(&path, file).unwrap();
    let h = herder.clone();
    let applied = tokio::task::spawn_blocking(move || {
        steppe(&h, &["bundle", "import", &path.to_string_lossy()])
    })
    .await
    .unwrap();
    assert!(applied.contains("Applied"), "{applied}");
}
