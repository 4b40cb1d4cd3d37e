//! `steppe-server backup`: a consistent copy of a live SQLite database, taken while it serves
//! (ADR 0012). PostgreSQL is backed up with its own tools (`pg_dump`, docs/OPERATING.md).

use std::path::Path;

use anyhow::{Context, Result, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

/// Copies the database at `source` to `out`, which must not exist, and marks the copy so that
/// its first start (a restore) begins a new lineage. Returns the copy's size in bytes.
///
/// One backup step over every page: the copy is one read snapshot of the source (WAL lets the
/// server write meanwhile), where a copy in several steps would start over at each write.
pub fn sqlite(source: &Path, out: &Path) -> Result<u64> {
    if out.exists() {
        bail!("{} exists; a backup never overwrites a file", out.display());
    }
    if !source.exists() {
        bail!("no database at {}", source.display());
    }
    steppe_cipher::ready();
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", source.display()))?;
    let partial = out.with_extension("partial");
    // A backup cut short leaves these; SQLite would replay a stale log into the new copy.
    for leftover in with_sides(&partial) {
        remove_if_there(&leftover)?;
    }
    let mut dst =
        Connection::open(&partial).with_context(|| format!("create {}", partial.display()))?;
    {
        let backup = Backup::new(&src, &mut dst)?;
        match backup.step(-1)? {
            StepResult::Done => {}
            other => bail!("the backup did not finish in one step: {other:?}"),
        }
    }
    dst.execute(
        "INSERT INTO meta(key, value) VALUES (?1, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
        [crate::lineage::RENEW],
    )?;
    // One self-contained file: no WAL beside it to lose in a copy.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    drop(dst);
    std::fs::File::open(&partial)?.sync_all()?;
    // A link, not a rename: it fails if something took the name meanwhile.
    std::fs::hard_link(&partial, out)
        .with_context(|| format!("{} exists; a backup never overwrites a file", out.display()))?;
    std::fs::remove_file(&partial)?;
    sync_dir(out)?;
    Ok(std::fs::metadata(out)?.len())
}

/// A database file and the files SQLite keeps beside it.
fn with_sides(database: &Path) -> Vec<std::path::PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            name.into()
        })
        .collect()
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("remove {}", path.display())),
    }
}

/// Makes a rename or link in `file`'s directory durable.
fn sync_dir(file: &Path) -> Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// What `steppe-server restored` does after a restore by other means (`pg_restore`): a new
/// lineage, so that phones re-converge (ADR 0012), and no page session left — those signed out
/// after the backup would be valid again.
pub async fn mark_restored(
    storage: &dyn crate::storage::Storage,
) -> Result<crate::lineage::Lineage> {
    let lineage = crate::lineage::renew(storage).await?;
    storage.end_sessions(None).await?;
    Ok(lineage)
}

/// Puts the copy at `backup` in the place of the database at `database`, for a server that is
/// stopped: refused while any process has the database open (it holds the lock file shared).
/// The database it replaces is moved aside with its write-ahead log and index
/// (`<db>.before-restore-<time>`), never deleted: SQLite would replay an old log onto the
/// copy, and the log may hold what the copy lacks. Sessions of the pages are ended (those
/// signed out after the backup would be valid again). The copy itself stays as it is, to be
/// restored again.
pub fn restore_sqlite(backup: &Path, database: &Path) -> Result<()> {
    steppe_cipher::ready();
    let check = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", backup.display()))?;
    let renew: Option<String> = check
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [crate::lineage::RENEW],
            |r| r.get(0),
        )
        .ok();
    if renew.as_deref() != Some("1") {
        bail!(
            "{} is not a copy made by `steppe-server backup`; restore it by hand and run \
             `steppe-server restored` before serving",
            backup.display()
        );
    }
    drop(check);
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(crate::storage::sqlite_lock_path(database))?;
    if lock.try_lock().is_err() {
        bail!(
            "{} is open (a server, or a command still running): stop it first",
            database.display()
        );
    }
    let partial = database.with_extension("restoring");
    for leftover in with_sides(&partial) {
        remove_if_there(&leftover)?;
    }
    std::fs::copy(backup, &partial)
        .with_context(|| format!("copy {} to {}", backup.display(), partial.display()))?;
    {
        let copy = Connection::open(&partial)?;
        let sessions: bool = copy.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'web_sessions')",
            [],
            |r| r.get(0),
        )?;
        if sessions {
            copy.execute("DELETE FROM web_sessions", [])?;
        }
        copy.pragma_update(None, "journal_mode", "DELETE")?;
    }
    std::fs::File::open(&partial)?.sync_all()?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let aside = {
        let mut name = database.as_os_str().to_owned();
        name.push(format!(".before-restore-{stamp}"));
        std::path::PathBuf::from(name)
    };
    for (from, to) in with_sides(database).iter().zip(with_sides(&aside)) {
        if from.exists() {
            std::fs::rename(from, &to).with_context(|| format!("move {} aside", from.display()))?;
        }
    }
    std::fs::rename(&partial, database)?;
    sync_dir(database)?;
    tracing::info!(aside = %aside.display(), "the replaced database was moved aside");
    drop(lock);
    Ok(())
}
