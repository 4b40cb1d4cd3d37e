//! Crash test: a child process writes and acknowledges records and is killed with SIGKILL at
//! random moments (200 kills by default, `STEPPE_CRASH_KILLS` to change). After each kill the
//! store reopens, every acknowledged record is there, and `PRAGMA integrity_check` says ok.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;
use steppe_core::{DeviceIdentity, Steppe};
use steppe_domain::Id;
use steppe_domain::mediation::MediationCase;
use steppe_domain::org::OrgKind;

fn identity(user: &str) -> DeviceIdentity {
    DeviceIdentity {
        user_id: user.into(),
        user_name: "crash".into(),
        device_id: "crash-device".into(),
        device_name: "crash".into(),
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let kills: usize = std::env::var("STEPPE_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crash.db");
    let user = Id::new().to_string();
    let branch = {
        let s = Steppe::builder(&path, identity(&user))
            .open()
            .expect("open");
        let league = s.create_org("盟", OrgKind::League, None).expect("org");
        let banner = s
            .create_org("旗", OrgKind::Banner, Some(league))
            .expect("org");
        let sumu = s
            .create_org("苏木", OrgKind::Sumu, Some(banner))
            .expect("org");
        s.create_org("警地党支部", OrgKind::PoliceVillageBranch, Some(sumu))
            .expect("org")
    };

    // case → acknowledged note entry ids
    let mut acked: BTreeMap<Id, Vec<String>> = BTreeMap::new();
    let mut rng = rand::rng();
    let mut total_acks = 0usize;
    for round in 0..kills {
        let known: Vec<String> = acked.keys().take(20).map(Id::to_string).collect();
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
            .arg(&path)
            .arg(&user)
            .arg(branch.to_string())
            .args(&known)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(5..80)));
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("wait");
        assert!(
            !status.success(),
            "round {round}: the writer must have been killed, not have exited"
        );
        for line in reader.join().expect("reader") {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["ack", "case", id] => {
                    acked.entry(Id::parse(id).expect("id")).or_default();
                }
                ["ack", "note", case, entry] => acked
                    .entry(Id::parse(case).expect("id"))
                    .or_default()
                    .push(entry.to_string()),
                _ => continue, // a line cut by the kill was never acknowledged
            }
            total_acks += 1;
        }

        let store = Steppe::builder(&path, identity(&user))
            .open()
            .unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        let ok: String = rusqlite::Connection::open(&path)
            .expect("open")
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(ok, "ok", "round {round}");
        // Check this round's and a sample of earlier acknowledgements; everything is checked at the end.
        for (case, entries) in acked.iter().rev().take(5) {
            let c: MediationCase = store
                .get(*case)
                .unwrap_or_else(|e| panic!("round {round}: acknowledged case lost: {e}"));
            for e in entries {
                assert!(
                    c.timeline.iter().any(|t| &t.id == e),
                    "round {round}: acknowledged note lost"
                );
            }
        }
    }

    let store = Steppe::builder(&path, identity(&user))
        .open()
        .expect("final open");
    let listed = store.cases(branch, None, u32::MAX, 0).expect("list");
    for (case, entries) in &acked {
        let c: MediationCase = store.get(*case).expect("acknowledged case");
        for e in entries {
            assert!(
                c.timeline.iter().any(|t| &t.id == e),
                "acknowledged note lost"
            );
        }
        let row = listed
            .iter()
            .find(|r| r.id == *case)
            .expect("acknowledged case listed");
        assert_eq!(
            row.entries as usize,
            c.timeline.len(),
            "projection agrees with the document"
        );
    }
    assert!(
        total_acks > kills,
        "the writer made progress between kills ({total_acks} acknowledgements)"
    );
    println!(
        "crash test: {kills} kills, {total_acks} acknowledged writes, {} cases, all present",
        acked.len()
    );
}
