//! Steppe's sync server: devices exchange changes with it in one round trip; it keeps every
//! organisation's records, enforces who may read and write what, and validates every change with
//! the same domain rules the phones run.
//!
//! Storage is a trait with an embedded SQLite backend (the default) and a PostgreSQL backend
//! that several instances can share.

pub mod admin;
pub mod auth;
pub mod backup;
pub mod bundles;
pub mod clock;
pub mod config;
pub mod exchange;
pub mod http;
pub mod identity;
pub mod ingest;
pub mod lineage;
pub mod logging;
pub mod measures;
pub mod projections;
pub mod refusals;
pub mod roster;
pub mod shutdown;
pub mod state;
pub mod storage;
pub mod system;
pub mod tree;
pub mod web;

use std::path::Path;
use std::sync::Arc;

use state::AppState;
use storage::{PostgresStorage, SqliteStorage, Storage};

/// Opens the storage a `--database` value names: a `postgres://` URL, or a SQLite file path.
pub async fn open_storage(database: &str) -> anyhow::Result<Arc<dyn Storage>> {
    match Database::of(database) {
        Database::Postgres(url) => Ok(Arc::new(PostgresStorage::connect(url).await?)),
        Database::Sqlite(path) => Ok(Arc::new(SqliteStorage::open(path)?)),
    }
}

/// The schema versions opening `database` would apply, applying nothing (`migrate --dry-run`).
pub async fn pending_migrations(database: &str) -> anyhow::Result<Vec<storage::migrations::Step>> {
    Ok(match Database::of(database) {
        Database::Postgres(url) => PostgresStorage::pending(url).await?,
        Database::Sqlite(path) => SqliteStorage::pending(path)?,
    })
}

/// What a `--database` value names.
#[derive(Debug, Clone, Copy)]
pub enum Database<'a> {
    /// A `postgres://` or `postgresql://` URL.
    Postgres(&'a str),
    /// A SQLite file, optionally written `sqlite:PATH`.
    Sqlite(&'a Path),
}

impl<'a> Database<'a> {
    pub fn of(database: &'a str) -> Self {
        if database.starts_with("postgres://") || database.starts_with("postgresql://") {
            Self::Postgres(database)
        } else {
            Self::Sqlite(Path::new(
                database.strip_prefix("sqlite:").unwrap_or(database),
            ))
        }
    }
}

/// The state a server instance runs with, its pages' replica in a private directory of its own
/// in the system's temporary directory.
pub fn app_state(
    storage: Arc<dyn Storage>,
    metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
) -> Arc<AppState> {
    Arc::new(AppState::new(
        storage,
        metrics,
        web::replica::Place::Fresh(std::env::temp_dir()),
    ))
}
