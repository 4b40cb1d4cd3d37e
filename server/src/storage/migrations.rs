//! The server schema's versions: refinery migrations in `server/migrations/{sqlite,postgres}`,
//! one numbering on both backends (a test holds them to it), applied at start in one
//! transaction under a lock so that two instances never migrate at once. A database made by a
//! newer release (a version this build does not know) is refused rather than served: an older
//! binary would not know what the newer columns mean.

use refinery::Runner;

use super::{Result, StorageError};

mod sqlite_versions {
    refinery::embed_migrations!("migrations/sqlite");
}

mod postgres_versions {
    refinery::embed_migrations!("migrations/postgres");
}

/// refinery's table of applied versions (its default name); absent before the first migration.
const HISTORY: &str = "refinery_schema_history";

/// One version of the schema, as `migrate --dry-run` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub version: i32,
    pub name: String,
    pub sql: String,
}

impl From<&refinery::Migration> for Step {
    fn from(m: &refinery::Migration) -> Self {
        Self {
            version: m.version(),
            name: m.name().to_string(),
            sql: m.sql().unwrap_or_default().to_string(),
        }
    }
}

/// Which backend's migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn runner(self) -> Runner {
        let runner = match self {
            Self::Sqlite => sqlite_versions::migrations::runner(),
            Self::Postgres => postgres_versions::migrations::runner(),
        };
        // All pending versions in one transaction: a failure leaves the schema as it was.
        runner
            .set_grouped(true)
            .set_abort_divergent(true)
            .set_abort_missing(true)
    }

    /// Every version this build knows, oldest first.
    pub fn versions(self) -> Vec<Step> {
        let mut all: Vec<Step> = self
            .runner()
            .get_migrations()
            .iter()
            .map(Step::from)
            .collect();
        all.sort_by_key(|s| s.version);
        all
    }
}

fn failed(e: refinery::Error) -> StorageError {
    StorageError::Migration(e.to_string())
}

/// The versions not yet applied, given those that are; refuses a database with a version this
/// build does not know.
fn pending(backend: Backend, applied: &[refinery::Migration]) -> Result<Vec<Step>> {
    let known = backend.versions();
    if let Some(newer) = applied
        .iter()
        .find(|a| !known.iter().any(|k| k.version == a.version()))
    {
        return Err(StorageError::Migration(format!(
            "the database is at schema version {} ({}), which this release does not know: run \
             the release that upgraded it",
            newer.version(),
            newer.name()
        )));
    }
    Ok(known
        .into_iter()
        .filter(|k| !applied.iter().any(|a| a.version() == k.version))
        .collect())
}

/// What `migrate` would apply to a SQLite database, applying nothing.
pub fn sqlite_pending(conn: &mut rusqlite::Connection) -> Result<Vec<Step>> {
    let versioned: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [HISTORY],
        |r| r.get(0),
    )?;
    let applied = if versioned {
        Backend::Sqlite
            .runner()
            .get_applied_migrations(conn)
            .map_err(failed)?
    } else {
        Vec::new()
    };
    pending(Backend::Sqlite, &applied)
}

/// Brings a SQLite database to this build's version; returns what it applied. The caller holds
/// the lock that keeps another process from migrating the same file.
pub fn sqlite_migrate(conn: &mut rusqlite::Connection) -> Result<Vec<Step>> {
    let todo = sqlite_pending(conn)?;
    if !todo.is_empty() {
        Backend::Sqlite.runner().run(conn).map_err(failed)?;
        tracing::info!(versions = ?versions(&todo), "server schema migrated");
    }
    Ok(todo)
}

/// What `migrate` would apply to a PostgreSQL database, applying nothing.
pub async fn postgres_pending(client: &mut tokio_postgres::Client) -> Result<Vec<Step>> {
    let versioned: bool = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&HISTORY])
        .await?
        .get(0);
    let applied = if versioned {
        Backend::Postgres
            .runner()
            .get_applied_migrations_async(client)
            .await
            .map_err(failed)?
    } else {
        Vec::new()
    };
    pending(Backend::Postgres, &applied)
}

/// Brings a PostgreSQL database to this build's version; returns what it applied. The caller
/// holds the session's migration lock.
pub async fn postgres_migrate(client: &mut tokio_postgres::Client) -> Result<Vec<Step>> {
    let todo = postgres_pending(client).await?;
    if !todo.is_empty() {
        Backend::Postgres
            .runner()
            .run_async(client)
            .await
            .map_err(failed)?;
        tracing::info!(versions = ?versions(&todo), "server schema migrated");
    }
    Ok(todo)
}

fn versions(steps: &[Step]) -> Vec<i32> {
    steps.iter().map(|s| s.version).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_number_their_versions_alike() {
        let names = |b: Backend| -> Vec<(i32, String)> {
            b.versions()
                .into_iter()
                .map(|s| (s.version, s.name))
                .collect()
        };
        assert_eq!(names(Backend::Sqlite), names(Backend::Postgres));
        let numbers: Vec<i32> = names(Backend::Sqlite).iter().map(|(v, _)| *v).collect();
        let expected: Vec<i32> = (1..=numbers.len() as i32).collect();
        assert_eq!(numbers, expected, "versions run 1, 2, 3… without a gap");
    }

    #[test]
    fn a_fresh_sqlite_file_takes_every_version_once() {
        let dir = tempfile::tempdir().unwrap();
        steppe_cipher::ready();
        let mut conn = rusqlite::Connection::open(dir.path().join("s.db")).unwrap();
        let all = Backend::Sqlite.versions();
        assert_eq!(sqlite_pending(&mut conn).unwrap(), all);
        assert_eq!(sqlite_migrate(&mut conn).unwrap(), all);
        assert!(sqlite_pending(&mut conn).unwrap().is_empty());
        assert!(sqlite_migrate(&mut conn).unwrap().is_empty());
    }

    #[test]
    fn a_database_from_a_newer_release_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        steppe_cipher::ready();
        let mut conn = rusqlite::Connection::open(dir.path().join("s.db")).unwrap();
        sqlite_migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO refinery_schema_history(version, name, applied_on, checksum) \
             VALUES (999, 'from_the_future', '2030-01-01T00:00:00Z', '1')",
            [],
        )
        .unwrap();
        let refused = sqlite_migrate(&mut conn).unwrap_err().to_string();
        assert!(refused.contains("999"), "{refused}");
    }
}
