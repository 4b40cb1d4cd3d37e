//! The embedded default: one SQLite file, one connection serialising writes (positions are
//! assigned and made visible in commit order), driven from tokio's blocking pool.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use steppe_protocol::ActorEntry;

use super::*;

#[derive(Debug, Clone)]
pub struct SqliteStorage {
    /// A shared lock on the database's lock file while this storage is open: `restore` waits
    /// for none, a migration for no other process (ADR 0012).
    _open: Arc<std::fs::File>,
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    pub fn open(path: &Path) -> Result<Self> {
        steppe_cipher::ready();
        // Locked before the database is opened: a process started while `restore` swaps the
        // file waits, then opens the restored one rather than the one moved aside.
        let (lock, migrator) = take_lock(path)?;
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        settle_schema(&lock, migrator, &mut conn)?;
        Ok(Self {
            _open: Arc::new(lock),
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// The schema versions `open` would apply to the file at `path`, changing nothing (and
    /// creating nothing: a file that does not exist yet would take every version).
    pub fn pending(path: &Path) -> Result<Vec<migrations::Step>> {
        if !path.exists() {
            return Ok(migrations::Backend::Sqlite.versions());
        }
        steppe_cipher::ready();
        let mut conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        migrations::sqlite_pending(&mut conn)
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| StorageError::Task(e.to_string()))?
    }
}

/// The file beside a database (`<db>.lock`) that processes opening it lock. Never the database
/// file itself: closing any descriptor of a file drops every POSIX lock this process holds on
/// it, SQLite's own among them, and SQLite would then checkpoint and delete the write-ahead log
/// under a connection still writing to it.
pub fn lock_path(database: &Path) -> std::path::PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    name.into()
}

/// Takes the lock file: exclusively if no other process has the database open (this one may
/// then migrate it), otherwise shared, after any migration or restore under way. Returns the
/// lock and whether it is exclusive.
fn take_lock(path: &Path) -> Result<(std::fs::File, bool)> {
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(path))?;
    match lock.try_lock() {
        Ok(()) => Ok((lock, true)),
        Err(std::fs::TryLockError::WouldBlock) => {
            lock.lock_shared()?;
            Ok((lock, false))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// Brings the schema up to date if this process alone has the database, then shares the lock.
/// A process that found another one holding the database serves only a schema it needs
/// nothing more of: an older release's server keeps the file open, and changing the schema
/// under it is refused.
fn settle_schema(lock: &std::fs::File, migrator: bool, conn: &mut Connection) -> Result<()> {
    if migrator {
        let migrated = migrations::sqlite_migrate(conn);
        // From exclusive to shared: others may open it now.
        lock.lock_shared()?;
        migrated?;
        return Ok(());
    }
    let pending = migrations::sqlite_pending(conn)?;
    if !pending.is_empty() {
        return Err(StorageError::Migration(format!(
            "{} schema version(s) to apply, but another process has the database open \
             (a server of the release before?): stop it, then start this one",
            pending.len()
        )));
    }
    Ok(())
}

/// A user from `SELECT id, name, revoked`.
fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRecord> {
    Ok(UserRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        revoked: r.get(2)?,
    })
}

fn doc_id(v: Vec<u8>) -> Result<DocId> {
    v.try_into()
        .map_err(|_| StorageError::Inconsistent("document id length".into()))
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn doc_changes(&self, doc: DocId) -> Result<Vec<Vec<u8>>> {
        self.run(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT bytes FROM changes WHERE doc = ?1 ORDER BY seq")?;
            let rows = stmt.query_map([&doc[..]], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn doc_scope(&self, doc: DocId) -> Result<Option<(String, String)>> {
        self.run(move |c| {
            Ok(
                c.prepare_cached("SELECT kind, org FROM docs WHERE id = ?1")?
                    .query_row([&doc[..]], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
            )
        })
        .await
    }

    async fn known(&self, hashes: Vec<Hash>) -> Result<HashSet<Hash>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached("SELECT 1 FROM changes WHERE hash = ?1")?;
            let mut out = HashSet::new();
            for h in hashes {
                if stmt.exists([&h[..]])? {
                    out.insert(h);
                }
            }
            Ok(out)
        })
        .await
    }

    async fn commit(&self, commit: Commit) -> Result<u64> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for ch in &commit.changes {
                tx.prepare_cached("INSERT INTO changes(doc, hash, actor, bytes) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(hash) DO NOTHING")?
                    .execute(params![&ch.doc[..], &ch.hash[..], ch.actor, ch.bytes])?;
            }
            for d in &commit.docs {
                tx.prepare_cached("INSERT INTO docs(id, kind, org) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, org = excluded.org")?
                    .execute(params![&d.doc[..], d.kind, d.org])?;
            }
            for p in &commit.projections {
                match p {
                    Projection::Org { id, parent, kind } => {
                        tx.prepare_cached("INSERT INTO orgs(id, parent, kind) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET parent = excluded.parent, kind = excluded.kind")?
                            .execute(params![id, parent, kind])?;
                    }
                    Projection::Grants { person, grants } => {
                        tx.prepare_cached("DELETE FROM grants WHERE person = ?1")?.execute([person])?;
                        for (org, role) in grants {
                            tx.prepare_cached("INSERT OR IGNORE INTO grants(person, org, role) VALUES (?1, ?2, ?3)")?.execute(params![person, org, role])?;
                        }
                    }
                }
            }
            let head: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| r.get(0))?;
            tx.commit()?;
            Ok(head as u64)
        })
        .await
    }

    async fn page(
        &self,
        cursor: u64,
        scope: &Scope,
        exclude_actor: &[u8],
        max_bytes: usize,
        max_changes: usize,
    ) -> Result<Page> {
        let readable = serde_json::to_string(&scope.readable).unwrap_or_default();
        let published = serde_json::to_string(&scope.published).unwrap_or_default();
        let kinds = serde_json::to_string(&scope.published_kinds).unwrap_or_default();
        let person = person_doc(scope);
        let exclude = exclude_actor.to_vec();
        self.run(move |c| {
            let tx = c.transaction()?;
            let head: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| r.get(0))?;
            if cursor as i64 >= head {
                // Nothing new anywhere: the join below may start from the scope's documents
                // (the planner's choice), a probe each, which on a league is ~100 ms of nothing.
                return cut_page(std::iter::empty(), cursor, head as u64, max_bytes, max_changes);
            }
            let mut stmt = tx.prepare_cached(
                "SELECT c.seq, c.doc, c.actor, c.bytes FROM changes c JOIN docs d ON d.id = c.doc
                 WHERE c.seq > ?1 AND c.seq <= ?2 AND c.actor <> ?3
                   AND (d.org IN (SELECT value FROM json_each(?4))
                        OR (d.org IN (SELECT value FROM json_each(?5)) AND d.kind IN (SELECT value FROM json_each(?6)))
                        OR c.doc = ?8)
                 ORDER BY c.seq LIMIT ?7",
            )?;
            let rows = stmt.query_map(params![cursor as i64, head, exclude, readable, published, kinds, (max_changes + 1) as i64, person], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, Vec<u8>>(3)?))
            })?;
            let rows = rows.map(|row| {
                let (seq, doc, actor, data) = row?;
                Ok(PageChange { seq: seq as u64, doc: doc_id(doc)?, actor, bytes: data })
            });
            cut_page(rows, cursor, head as u64, max_bytes, max_changes)
        })
        .await
    }

    async fn head(&self) -> Result<u64> {
        self.run(|c| {
            Ok(
                c.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
                    r.get::<_, i64>(0)
                })? as u64,
            )
        })
        .await
    }

    async fn orgs(&self) -> Result<Vec<(String, Option<String>, String)>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached("SELECT id, parent, kind FROM orgs")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn grants(&self, user: &str) -> Result<Vec<(String, String)>> {
        let user = user.to_string();
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT org, role FROM grants WHERE person = ?1 ORDER BY org, role",
            )?;
            let rows = stmt.query_map([user], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn put_user(&self, id: &str, name: &str) -> Result<()> {
        let (id, name) = (id.to_string(), name.to_string());
        self.run(move |c| {
            c.execute("INSERT INTO users(id, name) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET name = excluded.name", [id, name])?;
            Ok(())
        })
        .await
    }

    async fn user(&self, id: &str) -> Result<Option<UserRecord>> {
        let id = id.to_string();
        self.run(move |c| {
            Ok(c.query_row(
                "SELECT id, name, revoked FROM users WHERE id = ?1",
                [id],
                user_row,
            )
            .optional()?)
        })
        .await
    }

    async fn revoke_user(&self, id: &str) -> Result<bool> {
        let id = id.to_string();
        self.run(move |c| {
            let n = c.execute("UPDATE users SET revoked = 1 WHERE id = ?1", [&id])?;
            c.execute(
                "UPDATE devices SET revoked = 1, revoked_at = COALESCE(revoked_at, CAST(strftime('%s', 'now') AS INTEGER) * 1000)
                 WHERE user_id = ?1",
                [&id],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn find_users(&self, who: &str) -> Result<Vec<UserRecord>> {
        let who = who.to_string();
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, name, revoked FROM users WHERE id = ?1 OR name = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([who], user_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn user_lang(&self, user: &str) -> Result<Option<String>> {
        let user = user.to_string();
        self.run(move |c| {
            Ok(
                c.query_row("SELECT lang FROM users WHERE id = ?1", [user], |r| r.get(0))
                    .optional()?
                    .flatten(),
            )
        })
        .await
    }

    async fn set_user_lang(&self, user: &str, lang: &str) -> Result<()> {
        let (user, lang) = (user.to_string(), lang.to_string());
        self.run(move |c| {
            c.execute("UPDATE users SET lang = ?2 WHERE id = ?1", [user, lang])?;
            Ok(())
        })
        .await
    }

    async fn set_password(&self, user: &str, hash: &str) -> Result<()> {
        let (user, hash) = (user.to_string(), hash.to_string());
        self.run(move |c| {
            c.execute(
                "INSERT INTO web_passwords(user_id, hash) VALUES (?1, ?2) ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash",
                [user, hash],
            )?;
            Ok(())
        })
        .await
    }

    async fn password(&self, user: &str) -> Result<Option<String>> {
        let user = user.to_string();
        self.run(move |c| {
            Ok(c.query_row(
                "SELECT hash FROM web_passwords WHERE user_id = ?1",
                [user],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn put_code(&self, code_hash: Hash, user: &str, expires_at_ms: i64) -> Result<()> {
        let user = user.to_string();
        self.run(move |c| {
            c.execute(
                "INSERT INTO codes(hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![&code_hash[..], user, expires_at_ms],
            )?;
            Ok(())
        })
        .await
    }

    async fn take_code(&self, code_hash: Hash, now_ms: i64) -> Result<Option<String>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let user: Option<String> = tx
                .query_row(
                    "SELECT user_id FROM codes WHERE hash = ?1 AND used = 0 AND expires_at > ?2",
                    params![&code_hash[..], now_ms],
                    |r| r.get(0),
                )
                .optional()?;
            if user.is_some() {
                tx.execute(
                    "UPDATE codes SET used = 1 WHERE hash = ?1",
                    [&code_hash[..]],
                )?;
            }
            tx.commit()?;
            Ok(user)
        })
        .await
    }

    async fn put_device(&self, d: &DeviceRecord) -> Result<()> {
        let d = d.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO devices(id, user_id, name, actor, token_hash, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![d.id, d.user_id, d.name, d.actor, d.token_hash, d.revoked],
            )?;
            Ok(())
        })
        .await
    }

    async fn device(&self, id: &str) -> Result<Option<DeviceRecord>> {
        let id = id.to_string();
        self.run(move |c| {
            Ok(c.query_row(
                "SELECT id, user_id, name, actor, token_hash, revoked FROM devices WHERE id = ?1",
                [id],
                |r| {
                    Ok(DeviceRecord {
                        id: r.get(0)?,
                        user_id: r.get(1)?,
                        name: r.get(2)?,
                        actor: r.get(3)?,
                        token_hash: r.get(4)?,
                        revoked: r.get(5)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn revoke_device(&self, id: &str) -> Result<bool> {
        let id = id.to_string();
        self.run(move |c| {
            Ok(c.execute(
                "UPDATE devices SET revoked = 1, revoked_at = COALESCE(revoked_at, CAST(strftime('%s', 'now') AS INTEGER) * 1000)
                 WHERE id = ?1",
                [id],
            )? > 0)
        })
        .await
    }

    async fn actors(&self, actors: Vec<Vec<u8>>) -> Result<Vec<ActorEntry>> {
        self.run(move |c| {
            let server_actor: Option<String> = c.query_row("SELECT value FROM meta WHERE key = 'server_actor'", [], |r| r.get(0)).optional()?;
            let mut stmt = c.prepare_cached("SELECT d.user_id, u.name, d.id, d.name FROM devices d JOIN users u ON u.id = d.user_id WHERE d.actor = ?1")?;
            let mut out = Vec::new();
            for a in actors {
                if server_actor.as_deref() == Some(hex::encode(&a).as_str()) {
                    out.push(crate::system::entry(a));
                    continue;
                }
                if let Some((user_id, user_name, device_id, device_name)) =
                    stmt.query_row([&a], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?
                {
                    out.push(ActorEntry { actor: a, user_id, user_name, device_id, device_name });
                }
            }
            Ok(out)
        })
        .await
    }

    async fn meta(&self, key: &str) -> Result<Option<String>> {
        let key = key.to_string();
        self.run(move |c| {
            Ok(
                c.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                    .optional()?,
            )
        })
        .await
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<()> {
        let (key, value) = (key.to_string(), value.to_string());
        self.run(move |c| {
            c.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [&key, &value],
            )?;
            Ok(())
        })
        .await
    }

    async fn init_meta(&self, key: &str, value: &str) -> Result<String> {
        let (key, value) = (key.to_string(), value.to_string());
        self.run(move |c| {
            c.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING",
                [&key, &value],
            )?;
            Ok(
                c.query_row("SELECT value FROM meta WHERE key = ?1", [&key], |r| {
                    r.get(0)
                })?,
            )
        })
        .await
    }

    async fn register_device_key(&self, device: &str, key: &[u8]) -> Result<Vec<u8>> {
        let (device, key) = (device.to_string(), key.to_vec());
        self.run(move |c| {
            c.prepare_cached("INSERT INTO device_keys(device_id, public_key) VALUES (?1, ?2) ON CONFLICT(device_id) DO NOTHING")?
                .execute(params![device, key])?;
            Ok(c.prepare_cached("SELECT public_key FROM device_keys WHERE device_id = ?1")?
                .query_row([&device], |r| r.get(0))?)
        })
        .await
    }

    async fn revoked_devices(&self, after: i64) -> Result<Vec<String>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT d.id FROM devices d LEFT JOIN users u ON u.id = d.user_id
                 WHERE (d.revoked = 1 OR u.revoked = 1)
                   AND (d.revoked_at IS NULL OR d.revoked_at > ?1)
                 ORDER BY d.id",
            )?;
            let rows = stmt.query_map([after], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn device_key(&self, device: &str) -> Result<Option<Vec<u8>>> {
        let device = device.to_string();
        self.run(move |c| {
            Ok(
                c.prepare_cached("SELECT public_key FROM device_keys WHERE device_id = ?1")?
                    .query_row([&device], |r| r.get(0))
                    .optional()?,
            )
        })
        .await
    }

    async fn put_session(&self, session: &StoredSession, now_ms: i64) -> Result<()> {
        let session = session.clone();
        self.run(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM web_sessions WHERE expires_at <= ?1", [now_ms])?;
            tx.execute(
                "INSERT INTO web_sessions(id_hash, user_id, user_name, csrf, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![&session.id_hash[..], session.user_id, session.user_name, session.csrf, session.expires_at],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn session(&self, id_hash: Hash, now_ms: i64) -> Result<Option<StoredSession>> {
        self.run(move |c| {
            Ok(c
                .prepare_cached(
                    "SELECT user_id, user_name, csrf, expires_at FROM web_sessions WHERE id_hash = ?1 AND expires_at > ?2",
                )?
                .query_row(params![&id_hash[..], now_ms], |r| {
                    Ok(StoredSession {
                        id_hash,
                        user_id: r.get(0)?,
                        user_name: r.get(1)?,
                        csrf: r.get(2)?,
                        expires_at: r.get(3)?,
                    })
                })
                .optional()?)
        })
        .await
    }

    async fn extend_session(&self, id_hash: Hash, expires_at: i64) -> Result<()> {
        self.run(move |c| {
            c.prepare_cached("UPDATE web_sessions SET expires_at = ?2 WHERE id_hash = ?1")?
                .execute(params![&id_hash[..], expires_at])?;
            Ok(())
        })
        .await
    }

    async fn end_session(&self, id_hash: Hash) -> Result<()> {
        self.run(move |c| {
            c.prepare_cached("DELETE FROM web_sessions WHERE id_hash = ?1")?
                .execute([&id_hash[..]])?;
            Ok(())
        })
        .await
    }

    async fn end_sessions(&self, user: Option<&str>) -> Result<()> {
        let user = user.map(str::to_string);
        self.run(move |c| {
            c.execute(
                "DELETE FROM web_sessions WHERE ?1 IS NULL OR user_id = ?1",
                [user],
            )?;
            Ok(())
        })
        .await
    }

    async fn device_seen(&self, device: &str, at_ms: i64) -> Result<()> {
        let device = device.to_string();
        self.run(move |c| {
            c.prepare_cached(
                "UPDATE devices SET last_seen = ?2 WHERE id = ?1 AND (last_seen IS NULL OR last_seen <= ?2 - ?3)",
            )?
            .execute(params![device, at_ms, SEEN_EVERY_MS])?;
            Ok(())
        })
        .await
    }

    async fn devices(&self) -> Result<Vec<DeviceListing>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT d.id, d.user_id, COALESCE(u.name, ''), d.name, d.revoked, d.last_seen
                   FROM devices d LEFT JOIN users u ON u.id = d.user_id
                  ORDER BY u.name, d.name, d.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(DeviceListing {
                    id: r.get(0)?,
                    user_id: r.get(1)?,
                    user_name: r.get(2)?,
                    name: r.get(3)?,
                    revoked: r.get(4)?,
                    last_seen: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn docs_of_kind(&self, kind: &str) -> Result<Vec<DocId>> {
        let kind = kind.to_string();
        self.run(move |c| {
            let mut stmt = c.prepare_cached("SELECT id FROM docs WHERE kind = ?1 ORDER BY id")?;
            let rows = stmt.query_map([kind], |r| r.get::<_, Vec<u8>>(0))?;
            rows.map(|r| doc_id(r?)).collect()
        })
        .await
    }

    async fn users(&self) -> Result<Vec<UserRecord>> {
        self.run(|c| {
            let mut stmt =
                c.prepare_cached("SELECT id, name, revoked FROM users ORDER BY name, id")?;
            let rows = stmt.query_map([], user_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }
}
