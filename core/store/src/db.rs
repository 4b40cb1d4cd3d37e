//! SQLite connections: one writer, a small pool of readers, WAL, and the schema migrations.
//!
//! `synchronous = FULL`: in WAL mode a commit then reaches the disk before it returns, so a
//! record a user saw acknowledged survives a dead battery, not just a killed app. The cost is
//! one fsync per write transaction, measured by `cargo xtask bench core`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use crate::encryption::{self, StoreKey};
use crate::error::{CoreError, Result};

/// The schema, one migration per released version. Never edit a released migration: add one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_storage.sql"),
    include_str!("../migrations/0002_projections.sql"),
    include_str!("../migrations/0003_sync.sql"),
    include_str!("../migrations/0004_sync_v2.sql"),
    include_str!("../migrations/0005_review_indexes.sql"),
    include_str!("../migrations/0006_case_list_index.sql"),
    include_str!("../migrations/0007_rejected_uploads.sql"),
    include_str!("../migrations/0008_due_items.sql"),
    include_str!("../migrations/0009_village_affairs_and_dual_registration.sql"),
    include_str!("../migrations/0010_attendance_counted_at.sql"),
    include_str!("../migrations/0011_programmes_petitions_stations.sql"),
    include_str!("../migrations/0012_service_reviews.sql"),
    include_str!("../migrations/0013_org_mongolian_names.sql"),
    include_str!("../migrations/0014_review_marks.sql"),
    include_str!("../migrations/0015_peer_exchange.sql"),
    include_str!("../migrations/0016_people_org_status.sql"),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes: the number of migrations.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Deleted content is overwritten, not left in free pages (records purged from a phone).
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(())
}

/// Opens the writer connection (keyed if the store is encrypted), switching the file to WAL and
/// migrating it to this build's schema.
pub fn open_writer(path: &Path, key: Option<&StoreKey>) -> Result<Connection> {
    steppe_cipher::ready();
    let mut conn = Connection::open(path)?;
    encryption::apply(&conn, key)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| encryption::unreadable(e, key.is_some()))?;
    configure(&conn)?;
    // The writer's page cache: 16 MB rather than SQLite's 2 MB. A first sync inserts changes
    // under random hashes, so every batch touches pages all over the hash index; each page
    // read back from an encrypted file is decrypted and authenticated again. Applying 100,000
    // cases took 62 s rather than 80 s (`bench core`, one run each); readers keep the default.
    conn.pragma_update(None, "cache_size", -16384)?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(CoreError::SchemaTooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// Read-only connections, reused. Readers never block the writer in WAL mode.
#[derive(Debug)]
pub struct Readers {
    path: PathBuf,
    pool: Mutex<Pool>,
}

/// Idle connections opened under the current key; a rekey starts a new generation, and a
/// connection of an older one is closed when it comes back rather than reused.
#[derive(Debug, Default)]
struct Pool {
    key: Option<StoreKey>,
    generation: u64,
    idle: Vec<Connection>,
}

impl Readers {
    pub fn new(path: &Path, key: Option<StoreKey>) -> Self {
        Self {
            path: path.to_path_buf(),
            pool: Mutex::new(Pool {
                key,
                ..Pool::default()
            }),
        }
    }

    fn pool(&self) -> std::sync::MutexGuard<'_, Pool> {
        self.pool.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn is_keyed(&self) -> bool {
        self.pool().key.is_some()
    }

    /// Later connections use `key`; idle ones opened under the old key are closed.
    pub fn rekey(&self, key: StoreKey) {
        let mut pool = self.pool();
        pool.key = Some(key);
        pool.generation += 1;
        pool.idle.clear();
    }

    pub fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // The key is copied only when a connection has to be opened, not on every read.
        let (reused, generation) = {
            let mut pool = self.pool();
            let reused = pool.idle.pop().ok_or_else(|| pool.key.clone());
            (reused, pool.generation)
        };
        let conn = match reused {
            Ok(c) => c,
            Err(key) => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                encryption::apply(&c, key.as_ref())?;
                configure(&c)?;
                c
            }
        };
        let out = f(&conn);
        let mut pool = self.pool();
        if pool.generation == generation && pool.idle.len() < 4 {
            pool.idle.push(conn);
        }
        out
    }
}
