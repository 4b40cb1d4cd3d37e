//! SIGTERM, as systemd and container runtimes stop a service, arriving once a phone's upload of
//! a thousand records has begun to land: the server stops taking connections, lets the syncs in
//! flight finish, and stops; started again on the same database, the phone's next sync delivers
//! the rest — each record exactly once, nothing sent twice.
//!
//! Its own test binary: the signal goes to this process, which only this test listens for.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::time::Duration;

use steppe_tests::harness::{Phone, Server, debt_case, region};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_sync_drains_and_the_phone_loses_and_duplicates_nothing() {
    let (dir, mut server, r) = region().await.unwrap();
    let phone = Phone::enroll(&server, r.mediator_a, dir.path(), "m")
        .await
        .unwrap();
    phone.sync().await.unwrap();
    let cases: Vec<_> = (0..1000)
        .map(|_| debt_case(&phone.store, r.branch1).unwrap())
        .collect();

    let mut signals = steppe_server::shutdown::Signals::listen().unwrap();
    let stop = tokio::spawn(async move { signals.next().await });
    tokio::time::sleep(Duration::from_millis(100)).await; // the handler is in place
    let addr = server.addr();
    let running = server.running.take().unwrap();
    let pid = std::process::id().to_string();
    let storage = server.storage.clone();
    let (first, ()) = tokio::join!(phone.sync(), async {
        // Once the upload is under way: the server has stored its first records.
        let started = std::time::Instant::now();
        loop {
            let mut stored = false;
            for case in &cases {
                if !storage
                    .doc_changes(*case.as_bytes())
                    .await
                    .unwrap()
                    .is_empty()
                {
                    stored = true;
                    break;
                }
            }
            if stored {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "nothing arrived"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        assert_eq!(
            stop.await.unwrap().unwrap(),
            steppe_server::shutdown::Signal::Stop("SIGTERM")
        );
        running.shutdown().await;
    });
    // However far the first sync got, what the server acknowledged it keeps.
    let acknowledged = first.as_ref().map(|r| r.sent).unwrap_or(0);
    let mut stored_after_stop = 0;
    for case in &cases {
        if !server
            .storage()
            .doc_changes(*case.as_bytes())
            .await
            .unwrap()
            .is_empty()
        {
            stored_after_stop += 1;
        }
    }
    assert!(
        stored_after_stop >= acknowledged,
        "{stored_after_stop} < {acknowledged}"
    );

    let restarted = Server::start(&server.database, Some(addr)).await.unwrap();
    let report = phone.sync().await.unwrap();
    assert_eq!(report.rejected, 0);
    assert_eq!(
        phone.store.pending_uploads().unwrap(),
        0,
        "nothing left behind"
    );
    for case in &cases {
        let changes = restarted
            .storage()
            .doc_changes(*case.as_bytes())
            .await
            .unwrap();
        assert_eq!(changes.len(), 1, "each case stored once, exactly");
    }
    let again = phone.sync().await.unwrap();
    assert_eq!(again.sent, 0, "nothing sent twice");
}
