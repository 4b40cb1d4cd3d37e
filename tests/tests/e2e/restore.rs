//! Backup under sync load, a restore, and phones re-converging with the restored server
//! (ADR 0012): the changes acknowledged after the backup come back from the phones that wrote
//! them, and a phone whose cursor had passed the backup's head receives what is written after
//! the restore instead of skipping it.

use std::path::Path;

use steppe_tests::harness::{Phone, Server, debt_case, mediator_with_cases, region};

/// Stops `server`, puts `backup` in its database's place with `restore` and starts a server on
/// it at the same address, as an operator would. `restore` is retried until the stopped server's
/// last tasks (a last-seen write after a response) have let go of the database: an operator
/// waits for the process to exit.
async fn restored_in_place(mut server: Server, backup: &Path) -> Server {
    let (addr, database) = (server.addr(), server.database.clone());
    server.running.take().unwrap().shutdown().await;
    drop(server);
    let mut tries = 0;
    loop {
        match steppe_server::backup::restore_sqlite(backup, Path::new(&database)) {
            Ok(()) => break,
            Err(e) if e.to_string().contains("stop it first") && tries < 50 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    Server::start(&database, Some(addr)).await.unwrap()
}

fn cases(phone: &Phone, branch: steppe_domain::Id) -> usize {
    phone.store.cases(branch, None, 1000, 0).unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_backup_takes_back_what_phones_wrote_after_it() {
    let (dir, server, r) = region().await.unwrap();
    let a = mediator_with_cases(&server, &r, dir.path(), 3)
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    sup.sync().await.unwrap();

    // The backup is taken while the mediator keeps writing and syncing.
    let backup = dir.path().join("backup.db");
    let writing = {
        let store = a.store.clone();
        let client = a.client.clone();
        let branch = r.branch1;
        tokio::spawn(async move {
            for _ in 0..8 {
                debt_case(&store, branch).unwrap();
                client.sync(&store, None).await.unwrap();
            }
        })
    };
    let (source, out) = (server.database.clone(), backup.clone());
    let copied = tokio::task::spawn_blocking(move || {
        steppe_server::backup::sqlite(Path::new(&source), &out)
    });
    writing.await.unwrap();
    assert!(copied.await.unwrap().unwrap() > 0);
    assert!(
        steppe_server::backup::sqlite(Path::new(&server.database), &backup).is_err(),
        "a backup never overwrites a file"
    );

    // Acknowledged after the backup: in no copy but the phones'.
    for _ in 0..3 {
        debt_case(&a.store, r.branch1).unwrap();
    }
    a.sync().await.unwrap();
    assert_eq!(a.store.pending_uploads().unwrap(), 0, "all acknowledged");
    sup.sync().await.unwrap();
    let written = cases(&a, r.branch1);
    assert_eq!(written, 3 + 8 + 3);
    assert_eq!(cases(&sup, r.branch1), written);
    let head_before = server.storage().head().await.unwrap();

    // The database is lost; the backup goes in its place, on the same address.
    let server = restored_in_place(server, &backup).await;
    assert!(
        server.storage().head().await.unwrap() < head_before,
        "the backup lacks the latest changes"
    );

    // The supervisor's cursor is past the restored head. She writes nothing, so she gets what
    // the backup holds again; the mediator's phone offers its own changes again.
    sup.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_eq!(a.store.pending_uploads().unwrap(), 0);
    // Written after the restore, at positions the supervisor's old cursor had passed.
    debt_case(&a.store, r.branch1).unwrap();
    a.sync().await.unwrap();
    sup.sync().await.unwrap();
    assert_eq!(cases(&a, r.branch1), written + 1);
    assert_eq!(
        cases(&sup, r.branch1),
        written + 1,
        "nothing written before or after the restore is missing"
    );
    let third = Phone::enroll(&server, r.supervisor, dir.path(), "sup2")
        .await
        .unwrap();
    third.sync().await.unwrap();
    assert_eq!(
        cases(&third, r.branch1),
        written + 1,
        "the restored server holds everything again"
    );

    // Restoring the same backup a second time begins yet another lineage.
    let first_lineage = server.storage().meta("lineage").await.unwrap();

    let server = restored_in_place(server, &backup).await;
    sup.sync().await.unwrap();
    let second_lineage = server.storage().meta("lineage").await.unwrap();
    assert!(first_lineage.is_some() && second_lineage.is_some());
    assert_ne!(first_lineage, second_lineage);
    a.sync().await.unwrap();
    sup.sync().await.unwrap();
    assert_eq!(cases(&sup, r.branch1), written + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_is_refused_while_the_database_is_open() {
    let (dir, server, _r) = region().await.unwrap();
    let backup = dir.path().join("backup.db");
    steppe_server::backup::sqlite(Path::new(&server.database), &backup).unwrap();
    let refused = steppe_server::backup::restore_sqlite(&backup, Path::new(&server.database))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("stop it first"), "{refused}");
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("before-restore"));
    assert!(!aside, "the open database was not moved");
    assert!(server.storage().head().await.unwrap() > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_offered_again_are_not_refused_for_a_role_lost_since() {
    let (dir, server, r) = region().await.unwrap();
    let a = mediator_with_cases(&server, &r, dir.path(), 3)
        .await
        .unwrap();
    // Her role is taken back; then the database is marked restored (what `restored` does
    // after a pg_restore): her phone offers all it ever wrote again.
    assert!(
        steppe_server::admin::set_role(
            server.storage(),
            r.mediator_a,
            r.branch1,
            steppe_domain::authz::Role::Mediator,
            false
        )
        .await
        .unwrap()
    );
    steppe_server::lineage::renew(server.storage())
        .await
        .unwrap();
    // Instances read the lineage again within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let report = a.sync().await.unwrap();
    assert!(report.sent >= 3, "offered again: {report:?}");
    assert_eq!(
        report.rejected, 0,
        "what the server holds is history, not a new write"
    );
    assert_eq!(a.store.pending_uploads().unwrap(), 0);
    let notices = server
        .storage()
        .docs_of_kind(steppe_domain::RecordKind::RejectedUpload.as_str())
        .await
        .unwrap();
    assert!(notices.is_empty(), "no supervisor is told of a refusal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_replica_is_kept_across_restarts_and_rebuilt_after_a_restore() {
    use steppe_server::web::replica::{Place, Replica};
    let (dir, server, r) = region().await.unwrap();
    let kept = Place::Kept(dir.path().join("replica"));
    let storage = server.storage();
    let cursor = |replica: &Replica| replica.store().sync_cursor().unwrap();

    let first = Replica::open(storage, &kept).await.unwrap();
    assert_eq!(cursor(&first), 0);
    first.catch_up(storage).await.unwrap();
    let caught = cursor(&first);
    assert_eq!(caught, storage.head().await.unwrap());
    // A second server on the same machine and directory gets a fresh one of its own.
    let second = Replica::open(storage, &kept).await.unwrap();
    assert_eq!(cursor(&second), 0);
    drop(second);
    drop(first);

    // After a restart it resumes where it stopped, and catches up only what came since.
    mediator_with_cases(&server, &r, dir.path(), 2)
        .await
        .unwrap();
    assert!(storage.head().await.unwrap() > caught);
    let again = Replica::open(storage, &kept).await.unwrap();
    assert_eq!(cursor(&again), caught, "kept, cursor and all");
    again.catch_up(storage).await.unwrap();
    assert_eq!(cursor(&again), storage.head().await.unwrap());

    // A new lineage (a restore) makes its cursor meaningless: the running server's replica
    // refuses to serve pages from it, and the next start rebuilds it.
    steppe_server::lineage::renew(storage).await.unwrap();
    assert!(matches!(
        again.catch_up(storage).await,
        Err(steppe_server::web::replica::ReplicaError::Stale)
    ));
    drop(again);
    let rebuilt = Replica::open(storage, &kept).await.unwrap();
    assert_eq!(cursor(&rebuilt), 0, "rebuilt for the restored database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_restored_with_pg_restore_and_marked_restored_re_converges() {
    use steppe_tests::postgres::PostgresDatabase;
    let live =
        PostgresDatabase::create().expect("start PostgreSQL (install postgresql; see README)");
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&live.url, None).await.unwrap();
    let r = steppe_tests::harness::seed(server.storage()).await.unwrap();
    let a = mediator_with_cases(&server, &r, dir.path(), 2)
        .await
        .unwrap();
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    sup.sync().await.unwrap();

    // docs/OPERATING.md: pg_dump while serving; then more is acknowledged.
    let dump = live.dump().unwrap();
    for _ in 0..2 {
        debt_case(&a.store, r.branch1).unwrap();
    }
    a.sync().await.unwrap();
    sup.sync().await.unwrap();
    let written = cases(&a, r.branch1);
    assert_eq!(written, 4);
    assert_eq!(cases(&sup, r.branch1), written);

    // pg_restore into an empty database, `restored`, then serve it where the old one served.
    let addr = server.addr();
    server.running.take().unwrap().shutdown().await;
    drop(server);
    let restored = PostgresDatabase::create().unwrap();
    restored.restore(&dump).unwrap();
    let storage = steppe_server::open_storage(&restored.url).await.unwrap();
    steppe_server::backup::mark_restored(storage.as_ref())
        .await
        .unwrap();
    drop(storage);
    let _server = Server::start(&restored.url, Some(addr)).await.unwrap();

    sup.sync().await.unwrap();
    a.sync().await.unwrap();
    debt_case(&a.store, r.branch1).unwrap();
    a.sync().await.unwrap();
    sup.sync().await.unwrap();
    assert_eq!(
        cases(&sup, r.branch1),
        written + 1,
        "nothing acknowledged after the dump is missing, nothing written after the restore skipped"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_top_of_one_the_restore_lost_waits_for_it_and_then_arrives() {
    let (dir, server, r) = region().await.unwrap();
    // The mediator has two phones; the backup is taken before the case exists.
    let a = mediator_with_cases(&server, &r, dir.path(), 0)
        .await
        .unwrap();
    let a2 = Phone::enroll(&server, r.mediator_a, dir.path(), "a2")
        .await
        .unwrap();
    a2.sync().await.unwrap();
    let backup = dir.path().join("backup.db");
    steppe_server::backup::sqlite(Path::new(&server.database), &backup).unwrap();
    // She opens a case on one phone; the second receives it and adds a note.
    let case = debt_case(&a.store, r.branch1).unwrap();
    a.sync().await.unwrap();
    a2.sync().await.unwrap();
    a2.store.add_case_note(case, "第二部手机记的").unwrap();

    let server = restored_in_place(server, &backup).await;

    // The second phone comes first: its note depends on the case the restore lost.
    let first = a2.sync().await.unwrap();
    assert_eq!(
        first.rejected, 1,
        "the note's ancestor is missing: {first:?}"
    );
    // The first phone offers the case again; then the note goes through.
    a.sync().await.unwrap();
    a2.sync().await.unwrap();
    a2.sync().await.unwrap();
    assert_eq!(a2.store.pending_uploads().unwrap(), 0, "the note was taken");
    let sup = Phone::enroll(&server, r.supervisor, dir.path(), "sup")
        .await
        .unwrap();
    sup.sync().await.unwrap();
    let history = sup.store.history(case).unwrap();
    assert_eq!(history.len(), 2, "the case and the note: {history:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_replica_past_the_database_is_rebuilt_when_a_file_was_put_back_by_hand() {
    use steppe_server::web::replica::{Place, Replica};
    let (dir, server, r) = region().await.unwrap();
    let kept = Place::Kept(dir.path().join("replica"));
    let first = Replica::open(server.storage(), &kept).await.unwrap();
    first.catch_up(server.storage()).await.unwrap();
    drop(first);
    // An older copy of the database, as a file-level backup would bring it back: same
    // database, same lineage, fewer changes (unmarked, so no new lineage begins).
    let copy = dir.path().join("older.db");
    steppe_server::backup::sqlite(Path::new(&server.database), &copy).unwrap();
    rusqlite::Connection::open(&copy)
        .unwrap()
        .execute(
            "UPDATE meta SET value = '0' WHERE key = 'lineage_renew'",
            [],
        )
        .unwrap();
    mediator_with_cases(&server, &r, dir.path(), 2)
        .await
        .unwrap();
    let ahead = Replica::open(server.storage(), &kept).await.unwrap();
    ahead.catch_up(server.storage()).await.unwrap();
    let cursor = ahead.store().sync_cursor().unwrap();
    drop(ahead);

    let older = steppe_server::open_storage(&copy.to_string_lossy())
        .await
        .unwrap();
    assert!(older.head().await.unwrap() < cursor);
    let reopened = Replica::open(older.as_ref(), &kept).await.unwrap();
    assert_eq!(
        reopened.store().sync_cursor().unwrap(),
        0,
        "rebuilt rather than skipping what the older database holds at positions it passed"
    );
    reopened.catch_up(older.as_ref()).await.unwrap();
}
